"""Verifying an audit pack as an auditor would: every entry of the zip listed once in
SHA256SUMS and unchanged, nothing else in it, and the signature the manifest promises made
by the key it names (or the key the auditor gives).

Reads the zip where it is: nothing is extracted to disk.

Imports ``signing``.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from smsdocs import signing
from smsdocs.errors import SmsdocsError, printable

SUMS: Final = "SHA256SUMS"
LINE: Final = re.compile(r"([0-9a-f]{64})  (.+)")


class PackRefused(SmsdocsError):
    """The pack does not verify; the message names what is wrong."""


@dataclass(frozen=True, slots=True)
class Verified:
    """What verifying a pack proved."""

    files: int
    ref: str
    commit: str
    tag_object: str | None
    draft: bool
    kind: str | None
    fingerprint: str | None
    key_given: bool


def _shown(name: str) -> str:
    return repr(printable(name))


def _sha256(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sums(text: bytes) -> dict[str, str]:
    """SHA256SUMS as {name: sha256}; refuses a line that is not one, or a name twice."""
    sums: dict[str, str] = {}
    try:
        lines = text.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise PackRefused("SHA256SUMS is not UTF-8 text") from None
    for number, line in enumerate(lines, 1):
        match = LINE.fullmatch(line)
        if match is None:
            raise PackRefused(f"SHA256SUMS line {number} is not '<sha256>  <file>': {line!r}")
        if match.group(2) in sums:
            raise PackRefused(f"SHA256SUMS lists {_shown(match.group(2))} twice")
        sums[match.group(2)] = match.group(1)
    return sums


def verify_pack(path: Path, key: str | None = None) -> Verified:
    """Verify the pack at ``path``; ``key`` is the text of the public key the auditor
    obtained from the organisation, which must then have signed it. Raises PackRefused
    naming the first thing that is wrong."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackRefused(f"{path.name} cannot be read as a zip: {exc}") from None
    with archive:
        infos = archive.infolist()
        counts = Counter(i.filename for i in infos)
        twice = sorted(name for name, n in counts.items() if n > 1)
        if twice:
            raise PackRefused(
                f"{_shown(twice[0])} is in the zip twice: a pack holds each file once"
            )
        for info in infos:
            name = info.filename
            if info.is_dir() or name.startswith("/") or "\\" in name or ".." in name.split("/"):
                raise PackRefused(f"{_shown(name)} is not a file name a pack holds")
        entries = {i.filename: i for i in infos}
        if SUMS not in entries:
            raise PackRefused("the pack holds no SHA256SUMS, so nothing in it can be verified")
        sums = _sums(archive.read(SUMS))
        for name, expected in sums.items():
            if name not in entries:
                raise PackRefused(f"{_shown(name)} is listed in SHA256SUMS but not in the pack")
            if _sha256(archive, entries[name]) != expected:
                raise PackRefused(
                    f"{_shown(name)} has changed: its SHA-256 is not the one SHA256SUMS lists"
                )
        if "manifest.json" not in sums:
            raise PackRefused("SHA256SUMS does not list manifest.json: this is not an audit pack")
        manifest = _manifest(archive.read("manifest.json"))
        signed = manifest.get("signature")
        allowed = {SUMS, *sums}
        if isinstance(signed, dict):
            allowed.add(str(signed.get("file")))
        for name in entries:
            if name not in allowed:
                raise PackRefused(
                    f"{_shown(name)} is in the pack but SHA256SUMS does not list it: a file was "
                    "added"
                )
        kind, fingerprint = _signature(archive, entries, sums, signed, key)
    return Verified(
        files=len(sums),
        ref=str(manifest.get("ref", "")),
        commit=str(manifest.get("commit", "")),
        tag_object=manifest.get("tag_object"),
        draft=bool(manifest.get("draft")),
        kind=kind,
        fingerprint=fingerprint,
        key_given=key is not None,
    )


def _manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except ValueError:
        raise PackRefused("manifest.json is not JSON") from None
    if not isinstance(manifest, dict):
        raise PackRefused("manifest.json is not a JSON object")
    return manifest


def _signature(
    archive: zipfile.ZipFile,
    entries: dict[str, zipfile.ZipInfo],
    sums: dict[str, str],
    signed: Any,
    key: str | None,
) -> tuple[str | None, str | None]:
    """Check the signature the manifest promises, with the key given or the one the pack
    carries; returns its kind and fingerprint, (None, None) for an unsigned pack."""
    given = signing.key_of(key) if key is not None else None
    if signed is None:
        if given is not None:
            raise PackRefused(
                f"the pack is not signed, but you asked for a signature by {given[2]} (--key): "
                "a signature was removed, or the pack was never signed"
            )
        return None, None
    if not isinstance(signed, dict):
        raise PackRefused("manifest.json's 'signature' is not an object")
    kind, file, public_name, promised = (
        str(signed.get(k)) for k in ("kind", "file", "public_key", "fingerprint")
    )
    if (kind, file) not in (("ssh", signing.SSH_SIGNATURE), ("openpgp", signing.OPENPGP_SIGNATURE)):
        raise PackRefused(
            f"manifest.json names a signature {_shown(file)} of kind {kind!r}, which no pack has"
        )
    if file not in entries:
        raise PackRefused(
            f"manifest.json says SHA256SUMS is signed by {promised} ({file}), but {file} is "
            "not in the pack: the signature was removed"
        )
    if public_name not in sums:
        raise PackRefused(f"the signer's public key {_shown(public_name)} is not in SHA256SUMS")
    carried = archive.read(public_name).decode("utf-8", "replace")
    if given is not None:
        if given[2] != promised:
            raise PackRefused(
                f"the pack is signed by {promised}, not by the key you gave ({given[2]})"
            )
        kind, public = given[0], given[1]
    else:
        public = carried
    try:
        fingerprint = signing.verify(kind, public, archive.read(SUMS), archive.read(file))
    except signing.SigningError as exc:
        raise PackRefused(f"SHA256SUMS's signature does not verify: {exc}") from None
    if fingerprint != promised:
        raise PackRefused(
            f"the signature is by {fingerprint}, but manifest.json says {promised} signed it"
        )
    return kind, fingerprint


def report(name: str, verified: Verified) -> list[str]:
    """What verifying proved, and what it did not, in plain lines."""
    others = "SHA256SUMS" + (" and its signature" if verified.kind else "")
    lines = [
        f"verified: {printable(name)}",
        f"  files: the {verified.files} files SHA256SUMS lists are in the pack, each once and "
        f"unchanged, and it holds nothing else but {others}",
    ]
    kind = "SSH" if verified.kind == "ssh" else "OpenPGP"
    if verified.kind is None:
        lines.append(
            "  signature: none; the pack is unsigned, so it does not prove who made it: anyone "
            "can make a consistent one"
        )
    elif verified.key_given:
        lines.append(
            f"  signature: SHA256SUMS is signed by the {kind} key {verified.fingerprint}, the "
            "key you gave (--key)"
        )
    else:
        lines.append(
            f"  signature: SHA256SUMS is signed by the {kind} key {verified.fingerprint}, which "
            "the pack carries: compare it with the organisation's published key (or pass it "
            "with --key); the pack alone does not prove who holds it"
        )
    what = "a DRAFT of " if verified.draft else ""
    obj = verified.tag_object or verified.commit
    lines.append(
        f"  release: {what}{printable(verified.ref)!r}, commit {verified.commit}; not proven "
        "here: that the organisation's repository holds it, and that the approval in "
        f"approval.json is real: check in a clone, git rev-parse '{obj}^{{commit}}'"
    )
    return lines
