#!/usr/bin/env python3
"""Parses a received e-mail with Python's email package (an independent MIME parser) and prints
what NotifyTests checks as JSON: decoded headers, content types, and the decoded text and HTML."""
import email
import email.policy
import json
import sys


def main():
    with open(sys.argv[1], "rb") as source:
        message = email.message_from_binary_file(source, policy=email.policy.default)
    result = {
        "headers": {name.lower(): str(value) for name, value in message.items()},
        "content_type": message.get_content_type(),
        "defects": [str(defect) for defect in message.defects],
        "parts": [],
    }
    for part in message.walk():
        if part.is_multipart():
            continue
        result["parts"].append(
            {
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("Content-Transfer-Encoding"),
                "content": part.get_content(),
                "defects": [str(defect) for defect in part.defects],
            }
        )
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
