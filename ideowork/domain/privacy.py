"""Personal data of complainants (反映人, 联系电话): masked wherever it is not needed.

Lists never show it, printouts mask it unless the user asks, exports leave it out unless asked.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧*** (the first character stays, for a reader's bearings)."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678 (11 digits or more keep the first 3 and the last 4);
    a shorter local number keeps its first 3 and last 2: 8612345 → 861**45."""
    digits = [match.start() for match in _DIGITS.finditer(phone)]
    if len(digits) <= 4:
        return "*" * len(phone.strip())
    keep_tail = 4 if len(digits) >= 11 else 2
    hidden = set(digits[3 : len(digits) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone)).strip()
