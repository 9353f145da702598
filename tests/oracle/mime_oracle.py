#!/usr/bin/env python3
"""Independent MIME oracle: Python's standard `email` package.

For each message file (arguments, or one path per line on stdin with --stdin) prints one JSON object per line:
  {"file": path,
   "headers": [[name, decoded value], ...],          # top-level, RFC 2047 decoded, unfolded
   "parts": [{"type": ..., "charset": ..., "filename": ..., "text": ...}, ...]}
`parts` lists the leaves (non-multipart parts) depth first; `text` is the transfer-decoded payload of text/plain
and text/html leaves, decoded with the declared charset (errors replaced), else null. The MIME agreement test
compares our reader with this after whitespace normalisation.
"""
import email
import email.policy
import json
import sys
from email.header import decode_header, make_header


def decoded_header(value):
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return str(value)


def part_text(part):
    payload = part.get_payload(decode=True)
    if payload is None:
        return None
    charset = part.get_content_charset() or 'us-ascii'
    try:
        return payload.decode(charset, errors='replace')
    except LookupError:
        return payload.decode('latin-1')


def leaves(msg):
    if msg.is_multipart():
        for sub in msg.get_payload():
            if isinstance(sub, email.message.Message):
                yield from leaves(sub)
    else:
        yield msg


def describe(path):
    with open(path, 'rb') as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    headers = [[k, ' '.join(decoded_header(v).split())] for k, v in msg.items()]
    parts = []
    for part in leaves(msg):
        ctype = part.get_content_type()
        try:
            filename = part.get_filename()
        except Exception:
            filename = None
        text = part_text(part) if ctype in ('text/plain', 'text/html') else None
        parts.append({'type': ctype, 'charset': part.get_content_charset(), 'filename': filename, 'text': text})
    return {'file': path, 'headers': headers, 'parts': parts}


def main():
    args = sys.argv[1:]
    paths = [line.rstrip('\n') for line in sys.stdin] if args[:1] == ['--stdin'] else args
    for path in paths:
        try:
            out = describe(path)
        except Exception as e:  # the oracle must not stop on one bad message
            out = {'file': path, 'error': repr(e)}
        sys.stdout.write(json.dumps(out) + '\n')


if __name__ == '__main__':
    main()
