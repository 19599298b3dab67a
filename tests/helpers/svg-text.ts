// The texts of a drawn picture as its SVG writes them, and how large they are where the picture is shown.

/** The smallest text as shown `shown` pixels wide, and what it says. */
export function smallestText(svg: string, shown: number): { px: number; text: string } {
  const layoutWidth = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
  let smallest = { px: Infinity, text: "" };
  for (const m of svg.matchAll(/<text[^>]*font-size="([\d.]+)px"[^>]*>(.*?)<\/text>/gs)) {
    const text = m[2]!.replace(/<[^>]+>/g, "").trim();
    const px = (Number(m[1]) * shown) / layoutWidth;
    if (text && px < smallest.px) smallest = { px: Math.round(px * 10) / 10, text };
  }
  return smallest;
}
