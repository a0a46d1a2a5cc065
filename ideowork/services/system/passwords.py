"""Passwords: salted scrypt hashing and the waits after wrong tries, shared by the start-up
password of a single PC (access) and the user accounts (users).

A stored password is a JSON record with its scheme, parameters, salt and hash, so the cost
can be raised later (a record stored with weaker parameters is re-hashed at its next right
try). Wrong tries in a row cost nothing twice (a typo, the Caps Lock), then each one doubles
the wait, up to 5 minutes. The waits are computed from the runtime's clock, never slept: the
caller is told how long to wait and counts down itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import math
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from ideowork.domain.errors import UserError, ValidationError

MIN_LENGTH = 6
MAX_LENGTH = 128

# scrypt as recommended for interactive logins (about 50 ms and 16 MiB per try).
SCHEME = "scrypt"
CURRENT_PARAMS = {"n": 2**14, "r": 8, "p": 1}
SALT_BYTES = 16
HASH_BYTES = 32
# A stored record asking for more than this is damaged (or planted to hang the program).
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024

# Wrong tries that cost nothing (a typo, the Caps Lock), then a doubling wait up to 5 minutes.
FREE_TRIES = 2
MAX_WAIT_SECONDS = 300

DAMAGED_RECORD = "密码记录已损坏，无法核对密码。请管理员重新设置这个密码。"


@dataclass(frozen=True)
class Failures:
    """Wrong tries in a row, and when the last one was made."""

    count: int
    at: dt.datetime | None

    def remaining(self, now: dt.datetime) -> int:
        """Seconds until the next try is accepted. A clock set back cannot stretch the wait
        beyond its length, nor can it shorten it."""
        wait = wait_after(self.count)
        if not wait or self.at is None:
            return 0
        elapsed = (now - self.at).total_seconds()
        if elapsed < 0:
            return wait
        return max(0, math.ceil(wait - elapsed))

    def to_json(self) -> str:
        return json.dumps({"count": self.count, "at": self.at.isoformat() if self.at else None})

    @classmethod
    def from_json(cls, text: str) -> Failures:
        try:
            data = json.loads(text)
            count = int(data["count"])
            at = dt.datetime.fromisoformat(data["at"]) if data.get("at") else None
        except (ValueError, TypeError, KeyError):
            return NO_FAILURES
        return cls(max(0, count), at)


NO_FAILURES = Failures(0, None)


def wait_after(failures: int) -> int:
    """The wait after `failures` wrong tries in a row: 0, 0, 2, 4, 8 … 300 seconds."""
    if failures <= FREE_TRIES:
        return 0
    doublings = failures - FREE_TRIES
    return MAX_WAIT_SECONDS if doublings >= 9 else min(2**doublings, MAX_WAIT_SECONDS)


def format_seconds(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest}秒"
    return f"{minutes}分钟" if not rest else f"{minutes}分{rest}秒"


def wait_message(seconds: int) -> str:
    return f"请在{format_seconds(seconds)}后再试。"


# --- hashing ---------------------------------------------------------------------------------
def normalise(password: str) -> str:
    """The same password however it was typed: full-width letters and digits from a Chinese
    input method, or composed and decomposed accents, count as their plain forms."""
    return unicodedata.normalize("NFKC", password)


def check_strength(password: str, field: str = "new") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            f"密码太短：至少要有{MIN_LENGTH}个字符。请设一个更长的密码。", field=field
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            f"密码太长：最多{MAX_LENGTH}个字符。请设一个短一些的密码。", field=field
        )


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        normalise(password).encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=length,
        maxmem=128 * r * (n + p + 2) + 1024 * 1024,
    )


def hash_password(password: str) -> dict[str, Any]:
    """A fresh random salt each time: two hashes of one password differ."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, length=HASH_BYTES, **CURRENT_PARAMS)
    return {"scheme": SCHEME, **CURRENT_PARAMS, "salt": salt.hex(), "hash": digest.hex()}


def password_record(password: str) -> str:
    """The text stored for a password: its hash record as JSON."""
    return json.dumps(hash_password(password), sort_keys=True)


def fingerprint(value: str | None) -> dict[str, str]:
    """What the audit trail keeps of a password record: whether one is set, and a digest that
    shows it was changed without revealing anything that could test a guess."""
    if value is None:
        return {"password": "未设置"}
    return {"password": "已设置", "value_sha256": hashlib.sha256(value.encode()).hexdigest()}


@dataclass(frozen=True)
class StoredPassword:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def matches(self, password: str) -> bool:
        tried = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(tried, self.digest)

    @property
    def outdated(self) -> bool:
        """Stored with a lower cost, or a shorter salt or hash, than new passwords get."""
        return (
            self.n < CURRENT_PARAMS["n"]
            or self.r < CURRENT_PARAMS["r"]
            or len(self.salt) < SALT_BYTES
            or len(self.digest) < HASH_BYTES
        )

    @classmethod
    def parse(cls, text: str, damaged: str = DAMAGED_RECORD) -> StoredPassword:
        """The stored record; a damaged or absurd one is refused with `damaged` (what to do)."""
        try:
            data = json.loads(text)
            n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
            salt, digest = bytes.fromhex(data["salt"]), bytes.fromhex(data["hash"])
            sane = (
                data["scheme"] == SCHEME
                and n >= 2
                and n & (n - 1) == 0
                and 1 <= r <= 64
                and 1 <= p <= 16
                and 128 * r * (n + p + 2) <= MAX_SCRYPT_MEMORY
                and len(salt) >= 8
                and 16 <= len(digest) <= 64
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            sane = False
        if not sane:
            raise UserError(damaged)
        return cls(n, r, p, salt, digest)
