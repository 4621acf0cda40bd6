/** What a hostile server may put in a name: each would act on a terminal if written raw. */
export const ATTACKS = {
  "clear screen": "\u001b[2J\u001b[H",
  "window title": "\u001b]0;pwned\u0007",
  "OSC 8 hyperlink": "\u001b]8;;https://evil.example\u001b\\click me\u001b]8;;\u001b\\",
  backspace: "admin\b\b\b\b\buser",
  "carriage return": "harmless\roverwritten",
  NUL: "a\u0000b",
  "C1 CSI": "\u009b31m",
  "bidi override": "\u202etxt.exe",
  DEL: "x\u007f",
  "right-to-left mark": "admin\u200f\u200etxt",
  "zero-width space and joiner": "ad\u200bmin\u200d",
  "line separator": "one\u2028two\u2029",
  "byte-order mark": "\ufeffadmin",
  "tag characters": "admin\u{e0041}\u{e007f}",
};

/** Characters a terminal obeys (all but tab and line feed); none may come out raw. */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}]/u;
