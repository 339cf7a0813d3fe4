# cases_wfstream.cmake: the streaming WfFormat reader's errors through the command line (exit 1,
# file:line:column and what was expected), and a document whose keys come in reverse order.
# Columns by hand: count the characters of the fixture's line up to the byte named.

# line 4 is `  "workflow": {"specification": {"tasks": [{"name": "a", "id": "a"`: 66 characters,
# the input ends before column 67
hf_expect(bad.wfstream_truncated 1 "wfstream-truncated.json:4:67: unexpected end of input (truncated document?)"
          dag tests/bad/wfstream-truncated.json --reference-speed 1Gf)
# the second "name" of `  "author": {"name": "x", "email": "x@y", "name": "z"}` ends at column 48
hf_expect(bad.wfstream_dup_key 1 "wfstream-dup-key.json:4:48: duplicate object key 'name' in author"
          dag tests/bad/wfstream-dup-key.json --reference-speed 1Gf)
# `  "x": ` is 7 characters: the 2048th '[' (level 2049 under the top-level object) is column 2055
hf_expect(bad.wfstream_deep 1 "wfstream-deep.json:4:2055: nesting deeper than 2048 levels"
          dag tests/bad/wfstream-deep.json --reference-speed 1Gf)
hf_expect(bad.wfstream_huge_number 1 "wfstream-huge-number.json:4:121: number 2e308 is out of range (beyond 1.8e308)"
          dag tests/bad/wfstream-huge-number.json --reference-speed 1Gf)
hf_expect(bad.wfstream_nul 1 "wfstream-nul.json:4:61: \\u0000 (NUL) is not allowed in a string"
          dag tests/bad/wfstream-nul.json --reference-speed 1Gf)
# `  "description": "caf\xE9"`: the string ends at column 23
hf_expect(bad.wfstream_bad_utf8 1 "wfstream-bad-utf8.json:4:23: invalid bytes in UTF8 string"
          dag tests/bad/wfstream-bad-utf8.json --reference-speed 1Gf)
# `nul` is read up to its 'l', column 58
hf_expect(bad.wfstream_literal 1 "wfstream-literal.json:4:58: invalid literal (expected true, false or null)"
          dag tests/bad/wfstream-literal.json --reference-speed 1Gf)
hf_expect(bad.wfstream_trailing 1 "wfstream-trailing.json:6:1: expected the end of input after the top-level value"
          dag tests/bad/wfstream-trailing.json --reference-speed 1Gf)
# schemaVersion after workflow: found by a first pass over the top level, and checked
hf_expect(bad.wfstream_late_version 1 "wfstream-late-version.json: unsupported schemaVersion '2.0'"
          dag tests/bad/wfstream-late-version.json --reference-speed 1Gf)
# a byte order mark, then every object's keys in reverse order (schemaVersion last): a 1 s and
# b 2 s on m (1000 MHz = 1e9 flop/s per core): 3e9 flop, a -> b through f
hf_expect(cli.wfstream_any_order 0 "total work     3000000000 flop (3 Gflop)"
          dag tests/bad/wfstream-any-order.json --stats)
# yajl's lexical and grammar errors, each at its offending character:
# `  "description": "a\qb"`: the backslash is column 20
hf_expect(bad.wfstream_escape 1 "wfstream-escape.json:4:20: inside a string, '\\' occurs before a character which it may not"
          dag tests/bad/wfstream-escape.json --reference-speed 1Gf)
hf_expect(bad.wfstream_number 1 "wfstream-number.json:4:105: malformed number, a digit is required after the minus sign"
          dag tests/bad/wfstream-number.json --reference-speed 1Gf)
# `  'workflow': {}`: the quote is column 3
hf_expect(bad.wfstream_char 1 "wfstream-char.json:4:3: invalid char in json text"
          dag tests/bad/wfstream-char.json --reference-speed 1Gf)
# `  "workflow" {}`: the '{' is column 14
hf_expect(bad.wfstream_colon 1 "wfstream-colon.json:4:14: expected ':' after an object key"
          dag tests/bad/wfstream-colon.json --reference-speed 1Gf)
# `  "workflow": {"specification": {"tasks": [1 2]}}`: the 2 is column 46
hf_expect(bad.wfstream_comma 1 "wfstream-comma.json:4:46: expected ',' or ']' after an array element, near '\"tasks\": [1 2]}}'"
          dag tests/bad/wfstream-comma.json --reference-speed 1Gf)
