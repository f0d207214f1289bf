/** LIKE and GLOB patterns compiled to regular expressions (LIKE folds ASCII case, like SQLite). */

/** A RegExp matching `pat`; `esc` is LIKE's ESCAPE character. */
export function likeRegex(pat: string, esc: string | null, glob: boolean): RegExp {
  let re = "^";
  const chars = Array.from(pat);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!glob && esc !== null && c === esc) {
      const n = chars[++i];
      if (n !== undefined) re += n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      continue;
    }
    if (glob) {
      if (c === "*") { re += "[\\s\\S]*"; continue; }
      if (c === "?") { re += "[\\s\\S]"; continue; }
      if (c === "[") {
        const end = chars.indexOf("]", i + 2);
        if (end > 0) {
          let cls = chars.slice(i + 1, end).join("");
          if (cls.startsWith("^")) cls = "^" + cls.slice(1).replace(/[\\\]]/g, "\\$&");
          else cls = cls.replace(/[\\\]]/g, "\\$&");
          re += "[" + cls + "]";
          i = end;
          continue;
        }
      }
    } else {
      if (c === "%") { re += "[\\s\\S]*"; continue; }
      if (c === "_") { re += "[\\s\\S]"; continue; }
    }
    if (!glob && /[a-zA-Z]/.test(c)) { re += "[" + c.toLowerCase() + c.toUpperCase() + "]"; continue; }
    re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", "u");
}

