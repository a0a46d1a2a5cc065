"""Telling what kind of Office file a user picked, so the message can say how to fix it."""

from __future__ import annotations

from enum import StrEnum

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of old Office files


class OleKind(StrEnum):
    ENCRYPTED = "encrypted"  # a .docx/.xlsx with an opening password is wrapped in OLE
    WORD = "word"  # .doc (Word 97-2003) or WPS
    EXCEL = "excel"  # .xls (Excel 97-2003)
    OTHER = "other"


def is_ole(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC)


def ole_kind(data: bytes) -> OleKind:
    """What an OLE compound file holds, judged by the stream names it contains."""

    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptionInfo") or has("EncryptedPackage"):
        return OleKind.ENCRYPTED
    if has("WordDocument"):
        return OleKind.WORD
    if has("Workbook") or has("Book"):
        return OleKind.EXCEL
    return OleKind.OTHER
