/**
 * An import's report is read on screens, kept in terminals' scrollback and CI or cron logs: a cell value it
 * quotes must not carry a client's contact details there. The row and column say where the problem is; an
 * email keeps its first character and its domain ("c***@example.com"), an international phone number its
 * last two digits ("+** ** ** ** 78"), enough to recognise, not to contact. Product codes, prices and dates
 * are quoted whole: they are what the boutique needs to see to fix its file.
 */
const email = /([\p{L}\p{N}])[\p{L}\p{N}._%+'-]*@((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,})/gu;
const phone = /\+\d[\d .()/-]{6,}\d/g;

export function maskContactDetails(text: string): string {
  return text
    .replace(email, (_, first: string, domain: string) => `${first}***@${domain}`)
    .replace(phone, (found) => {
      let digits = [...found].filter((c) => c >= '0' && c <= '9').length;
      return found.replace(/\d/g, (d) => (--digits < 2 ? d : '*'));
    });
}
