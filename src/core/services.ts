// Which organisations and services a user's words name: "adults" names Adults & Communities,
// "barnet" the London Borough of Barnet (by its slug or a word of its name). Other words
// are title words.
import type { OrganisationRecord, ServiceRecord } from "./ports.ts";
import { searchWords } from "./text.ts";

/** Where to look: the organisations and services named; none named means everywhere. */
export interface Scope {
  organisations: OrganisationRecord[];
  services: ServiceRecord[];
}

export const EVERYWHERE: Scope = { organisations: [], services: [] };

export interface WordsRead {
  scope: Scope;
  /** The question that asks for the scope alone ("sutton", "service family"); empty when everywhere. */
  scopeQuery: string;
  /** Words naming no organisation or service: they search titles. */
  titleWords: string[];
  /** Words after "service" that name no service (of the organisations named). */
  unknownServiceWords: string[];
}

/** A word names a name when it is one of its words or, from three letters on, the start of one. */
function names(word: string, nameWords: string[]): boolean {
  return nameWords.some((n) => n === word || (word.length >= 3 && n.startsWith(word)));
}

const organisationWords = (o: OrganisationRecord) => [...searchWords(o.slug), ...searchWords(o.name)];

/** The organisation whose slug ("barnet") or name ("London Borough of Barnet") this is, in any case; null for none. */
export function organisationCalled<O extends { slug: string; name: string }>(organisations: O[], slugOrName: string): O | null {
  const wanted = slugOrName.trim().toLowerCase();
  return organisations.find((o) => o.slug.toLowerCase() === wanted || o.name.toLowerCase() === wanted) ?? null;
}

export function organisationsNamed(organisations: OrganisationRecord[], word: string): OrganisationRecord[] {
  return organisations.filter((o) => names(word, organisationWords(o)));
}

export function servicesNamed(services: ServiceRecord[], word: string): ServiceRecord[] {
  return services.filter((s) => names(word, searchWords(s.name)));
}

/**
 * Reads the words left to right: a word naming an organisation is one, else one naming a service
 * is one, else it is a title word. Words after "service" must name a service.
 */
export function readWords(words: string[], serviceWords: string[], organisations: OrganisationRecord[], services: ServiceRecord[]): WordsRead {
  const namedOrganisations = new Set<OrganisationRecord>();
  const namedServices = new Set<ServiceRecord>();
  const organisationQuery: string[] = [];
  const serviceQuery: string[] = [];
  const titleWords: string[] = [];
  const unknownServiceWords: string[] = [];
  const addServices = (word: string, found: ServiceRecord[]) => {
    found.forEach((s) => namedServices.add(s));
    serviceQuery.push(word);
  };
  for (const word of serviceWords) {
    const found = servicesNamed(services, word);
    if (found.length) addServices(word, found);
    else unknownServiceWords.push(word);
  }
  for (const word of words) {
    const organisationsFound = organisationsNamed(organisations, word);
    const servicesFound = organisationsFound.length ? [] : servicesNamed(services, word);
    if (organisationsFound.length) {
      organisationsFound.forEach((o) => namedOrganisations.add(o));
      organisationQuery.push(word);
    } else if (servicesFound.length) addServices(word, servicesFound);
    else titleWords.push(word);
  }
  // "sutton adults": a service counts only within the organisations named.
  const inOrganisations = (s: ServiceRecord) => !namedOrganisations.size || [...namedOrganisations].some((o) => o.name === s.organisation);
  const scopedServices = [...namedServices].filter(inOrganisations);
  if (namedServices.size && !scopedServices.length) unknownServiceWords.push(...serviceQuery);
  const scopeQuery = [...organisationQuery, ...(serviceQuery.length ? ["service", ...serviceQuery] : [])].join(" ");
  return { scope: { organisations: [...namedOrganisations], services: scopedServices }, scopeQuery, titleWords, unknownServiceWords };
}

/** "Adults & Communities", "London Borough of Sutton": the scope as a heading says it. */
export function scopeText(scope: Scope): string | null {
  if (scope.services.length) return scope.services.map((s) => s.name).join(", ");
  if (scope.organisations.length) return scope.organisations.map((o) => o.name).join(", ");
  return null;
}

/** Whether a record is in the scope's organisations (its services are what the catalogue was asked for). */
export function inScope(scope: Scope, record: { organisation: string }): boolean {
  return !scope.organisations.length || scope.organisations.some((o) => o.name === record.organisation);
}

/** What to ask the catalogue for: the services' records, or all (then filtered with inScope). */
export function catalogueScope(scope: Scope): { serviceIds?: number[] } {
  return scope.services.length ? { serviceIds: scope.services.map((s) => s.id) } : {};
}
