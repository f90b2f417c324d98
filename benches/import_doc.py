"""Writes a work document of about N items for timing `planc import` (BENCHMARKS.md).

    python3 benches/import_doc.py 1000 > doc1000.txt

The seed document's sections and items repeated, renumbered straight through (一、… and （一）…),
so the document has the seed's figures, breakdowns and layout at any size. Deterministic.
"""

import pathlib
import sys

DIGITS = "零一二三四五六七八九"


def numeral(n):
    """Chinese numerals as planc writes them (1–9999)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        if n >= value:
            out += DIGITS[n // value] + name
            n %= value
            if n and n < value // 10:
                out += "零"
        if value == 10 and n == 0:
            return out
    return out + (DIGITS[n] if n else "")


def main():
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/doc/seed-changzhou-2020.txt"
    lines = [l.strip() for l in seed.read_text(encoding="utf-8").splitlines() if l.strip()]
    head, body = [], []
    for line in lines:
        (body if body or line.startswith("一、") else head).append(line)
    head = [l for l in head if l != "附件"]
    out = list(head)
    section = item = 0
    while item < wanted:
        for line in body:
            if "、" in line and all(c in "一二三四五六七八九十" for c in line.split("、")[0]):
                section += 1
                out.append(numeral(section) + "、" + line.split("、", 1)[1])
            elif line.startswith("（") and "）" in line:
                item += 1
                out.append("（" + numeral(item) + "）" + line.split("）", 1)[1])
            else:
                out.append(line)
    print("\n".join(out))


if __name__ == "__main__":
    main()
