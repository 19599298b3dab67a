// The package's dist build (the one Node can load) ships no module typings; it is the same API as its lib build.
declare module "adaptivecards/dist/adaptivecards.js" {
  export * from "adaptivecards";
}
