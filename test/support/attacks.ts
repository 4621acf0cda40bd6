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
};

/** Characters a terminal obeys (all but tab and line feed); none may come out raw. */
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
