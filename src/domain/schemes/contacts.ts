// Whom an applicant deals with: each scheme publishes its own directory (its folder's contacts.ts).
// A directory is the scheme's own body and, where the scheme works through regional bodies (CN-17),
// those bodies by province.

export interface Association {
  readonly id: string;
  /** The official Chinese name, as published. */
  readonly name: string;
  /** The province it serves, in Chinese ("北京"), null for a national body. */
  readonly province: string | null;
  /** Pinyin names by which the province may be stored ("Beijing"). */
  readonly aliases: readonly string[];
  readonly phone: string | null;
  readonly fax: string | null;
  readonly email: string | null;
  readonly address: string | null;
}

export interface ContactDirectory {
  /** The scheme's own body: appeals, and every applicant no regional body serves. */
  readonly centre: Association;
  /** Bodies that serve the applicants registered in one province, in the published order; empty when the centre serves everyone. */
  readonly regional: readonly Association[];
}

export interface ContactAnswer {
  readonly association: Association;
  /** False when the scheme works through regional bodies and none is listed for the province. */
  readonly provinceListed: boolean;
}

/** "北京市", "广东省", "宁夏回族自治区", "Guangdong Province" → the bare name a directory uses. */
export function bareProvince(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/(省|市|维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|区)$/u, '')
    .replace(/\s+(province|municipality|city|autonomous region)$/, '')
    .trim();
}

export function regionalBodyOf(directory: ContactDirectory, province: string | null): Association | null {
  if (!province) return null;
  const bare = bareProvince(province);
  return directory.regional.find((a) => a.province === bare || a.aliases.includes(bare)) ?? null;
}

/** Whom a case's applicant contacts: the regional body of its registered province, else the centre. */
export function contactIn(directory: ContactDirectory, province: string | null): ContactAnswer {
  if (!directory.regional.length) return { association: directory.centre, provinceListed: true };
  const found = regionalBodyOf(directory, province);
  return found ? { association: found, provinceListed: true } : { association: directory.centre, provinceListed: false };
}
