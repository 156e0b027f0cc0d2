"""Signing with the key git signs with, and checking such a signature, for the audit pack.

git's own settings decide the key, read as git reads them (``git config``): ``gpg.format``
(``openpgp``, the default, or ``ssh``) and ``user.signingkey``: for SSH a path (``~``
expanded), or a literal public key (``key::ssh-ed25519 …``, or the older bare
``ssh-ed25519 …``) whose private half is in the SSH agent; for OpenPGP a key id.

A signer carries its public key and fingerprint, so a pack can say who signed it in a way
an auditor can compare with the organisation's published key.

Imports nothing of smsdocs but its errors.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from smsdocs.errors import SmsdocsError

SSH_SIGNATURE: Final = "SHA256SUMS.sig"
OPENPGP_SIGNATURE: Final = "SHA256SUMS.asc"
SSH_PUBLIC: Final = "signer.pub"
OPENPGP_PUBLIC: Final = "signer.asc"
NAMESPACE: Final = "file"
"""The SSH signature namespace of a signed file (``ssh-keygen -Y sign -n file``)."""


class SigningError(SmsdocsError):
    """Signing cannot work with git's settings, or a signature does not verify."""


@dataclass(frozen=True, slots=True)
class Signer:
    """The key git signs with: its kind, how to name it to the signing tool, its public key
    (an OpenSSH line, or an armoured OpenPGP key) and its fingerprint."""

    kind: str
    key: str
    public: str
    fingerprint: str
    literal: bool = False
    program: str = ""
    """The OpenPGP program git signs with (``gpg.program``); empty for gpg on PATH."""

    @property
    def signature_name(self) -> str:
        return SSH_SIGNATURE if self.kind == "ssh" else OPENPGP_SIGNATURE

    @property
    def public_name(self) -> str:
        return SSH_PUBLIC if self.kind == "ssh" else OPENPGP_PUBLIC


def ssh_fingerprint(public: str) -> str:
    """The SHA-256 fingerprint of an OpenSSH public key line, as ``ssh-keygen -l`` prints
    it (``SHA256:`` and unpadded base64); raises SigningError if it is not one."""
    parts = public.split()
    blob: bytes | None = None
    for i, part in enumerate(parts[:-1]):
        if re.fullmatch(r"(ssh|ecdsa|sk)-[\w@.-]+", part):
            try:
                blob = base64.b64decode(parts[i + 1], validate=True)
            except ValueError:
                blob = None
            break
    if not blob:
        raise SigningError("not an SSH public key (expected a line such as 'ssh-ed25519 AAAA…')")
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
    return f"SHA256:{digest}"


def _ssh_key_line(public: str) -> str:
    """The key type and base64 of an OpenSSH public key line, without its comment."""
    parts = public.split()
    for i, part in enumerate(parts[:-1]):
        if re.fullmatch(r"(ssh|ecdsa|sk)-[\w@.-]+", part):
            return f"{part} {parts[i + 1]}"
    raise SigningError("not an SSH public key")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SigningError(f"{name} is not installed, so the pack cannot be signed or checked")
    return found


def _run(args: list[str], data: bytes | None = None, cwd: Path | None = None) -> tuple[int, str]:
    try:
        proc = subprocess.run(
            args, input=data, cwd=cwd, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return 1, str(exc)
    said = (proc.stdout + b"\n" + proc.stderr).decode("utf-8", "replace")
    return proc.returncode, said


def _last(said: str) -> str:
    lines = [line for line in said.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no reason given"


def config(root: Path, name: str) -> str | None:
    """A git setting as git reads it for the repository at ``root``; None where unset."""
    git = shutil.which("git")
    if git is None:
        return None
    code, said = _run([git, "config", "--get", name], cwd=root)
    return said.strip() or None if code == 0 else None


def signer_of(root: Path) -> Signer:
    """The key git signs with in the repository at ``root``, with its public key and
    fingerprint; raises SigningError, saying what to set, when there is none or it cannot
    be read."""
    kind = config(root, "gpg.format") or "openpgp"
    key = config(root, "user.signingkey")
    if kind not in ("ssh", "openpgp"):
        raise SigningError(
            f"gpg.format is {kind!r}: the pack is signed with an SSH or OpenPGP key; set "
            "gpg.format to ssh or openpgp"
        )
    if not key:
        raise SigningError(
            "--sign needs the key git signs with: set user.signingkey (and gpg.format ssh "
            "for an SSH key), as for signed tags"
        )
    return _ssh_signer(root, key) if kind == "ssh" else _openpgp_signer(root, key)


def _ssh_signer(root: Path, key: str) -> Signer:
    literal = key.startswith("key::") or key.startswith("ssh-")
    if literal:
        public = key.removeprefix("key::").strip()
        fingerprint = ssh_fingerprint(public)
        code, said = _run([_tool("ssh-add"), "-L"])
        held = {
            _ssh_key_line(line)
            for line in said.splitlines()
            if line.startswith(("ssh", "ecdsa", "sk-"))
        }
        if code != 0 or _ssh_key_line(public) not in held:
            raise SigningError(
                f"user.signingkey is the literal SSH key {fingerprint}, whose private half is "
                "not in the SSH agent: add it (ssh-add) or set user.signingkey to the key's file"
            )
        return Signer("ssh", public, public, fingerprint, literal=True)
    path = root / Path(key).expanduser()  # '~' expanded, a relative path from the repository
    if not path.is_file():
        raise SigningError(
            f"user.signingkey names {key!r}, which is not a file: set it to your SSH key's "
            "file (~/.ssh/id_ed25519) or to key::<public key>"
        )
    if path.suffix == ".pub":
        public = path.read_text(encoding="utf-8").strip()
    elif path.with_name(path.name + ".pub").is_file():
        public = path.with_name(path.name + ".pub").read_text(encoding="utf-8").strip()
    else:
        code, said = _run([_tool("ssh-keygen"), "-y", "-P", "", "-f", str(path)])
        if code != 0:
            raise SigningError(
                f"cannot read the public half of the SSH key {key!r}: put it beside the key "
                f"as {path.name}.pub ({_last(said)})"
            )
        public = said.strip().splitlines()[0]
    return Signer("ssh", str(path), public, ssh_fingerprint(public))


def _openpgp_signer(root: Path, key: str) -> Signer:
    gpg = config(root, "gpg.program") or _tool("gpg")
    code, said = _run([gpg, "--batch", "--with-colons", "--fingerprint", key])
    fingerprints = [line.split(":")[9] for line in said.splitlines() if line.startswith("fpr:")]
    if code != 0 or not fingerprints:
        raise SigningError(
            f"user.signingkey is the OpenPGP key {key!r}, which gpg does not have: import it, "
            "or set user.signingkey to a key gpg --list-secret-keys shows"
        )
    proc = subprocess.run(
        [gpg, "--batch", "--armor", "--export", key], capture_output=True, check=False, timeout=120
    )
    public = proc.stdout.decode("ascii", "replace")
    return Signer(
        "openpgp", key, public, fingerprints[0], program=config(root, "gpg.program") or ""
    )


def sign(signer: Signer, path: Path) -> Path:
    """Sign ``path`` beside it (``.sig`` for SSH, namespace "file"; ``.asc`` for OpenPGP,
    detached and armoured); returns the signature."""
    signature = path.with_name(signer.signature_name)
    if signer.kind == "ssh":
        with tempfile.TemporaryDirectory() as folder:
            key = signer.key
            if signer.literal:
                key = str(Path(folder) / "key.pub")
                Path(key).write_text(signer.public + "\n", encoding="utf-8")
            args = [_tool("ssh-keygen"), "-q", "-Y", "sign", "-f", key, "-n", NAMESPACE]
            code, said = _run([*args, *(["-U"] if signer.literal else []), str(path)])
    else:
        gpg = signer.program or _tool("gpg")
        args = [gpg, "--batch", "--yes", "--detach-sign", "--armor", "-u", signer.key]
        code, said = _run([*args, "--output", str(signature), str(path)])
    if code != 0 or not signature.is_file():
        raise SigningError(f"could not sign {path.name}: {_last(said)}")
    return signature


def probe(signer: Signer) -> None:
    """Sign a few bytes with ``signer``, so a pack that cannot be signed fails before it is
    built; raises SigningError with the signing tool's reason."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "SHA256SUMS"  # a name the signature follows
        probe.write_bytes(b"smsdocs checks that it can sign\n")
        sign(signer, probe)


def verify(kind: str, public: str, data: bytes, signature: bytes) -> str:
    """Check that ``signature`` is ``public``'s signature of ``data``; returns the key's
    fingerprint, or raises SigningError with the tool's reason."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "data").write_bytes(data)
        (folder / "signature").write_bytes(signature)
        if kind == "ssh":
            fingerprint = ssh_fingerprint(public)
            (folder / "allowed").write_text(f"signer {_ssh_key_line(public)}\n", encoding="utf-8")
            args = [_tool("ssh-keygen"), "-Y", "verify", "-f", str(folder / "allowed")]
            args += ["-I", "signer", "-n", NAMESPACE, "-s", str(folder / "signature")]
            code, said = _run(args, data)
            if code != 0:
                raise SigningError(
                    f"the signature does not verify with {fingerprint}: {_last(said)}"
                )
            return fingerprint
        home = folder / "gnupg"
        home.mkdir(mode=0o700)
        gpg = [_tool("gpg"), "--batch", "--homedir", str(home)]
        (folder / "key.asc").write_text(public, encoding="utf-8")
        code, said = _run([*gpg, "--import", str(folder / "key.asc")])
        if code != 0:
            raise SigningError(f"the OpenPGP key cannot be read: {_last(said)}")
        code, said = _run(
            [*gpg, "--status-fd", "1", "--verify", str(folder / "signature"), str(folder / "data")]
        )
        valid = re.search(r"^\[GNUPG:\] VALIDSIG (\S+)(?:.* (\S+))?$", said, re.MULTILINE)
        if code != 0 or valid is None:
            raise SigningError(f"the signature does not verify with that key: {_last(said)}")
        return valid.group(2) or valid.group(1)


def key_of(text: str) -> tuple[str, str, str]:
    """An auditor's key given as a file's text: ("ssh" or "openpgp", the key, its
    fingerprint). An allowed-signers line or ``key::`` literal is read as its key."""
    if "-----BEGIN PGP PUBLIC KEY BLOCK-----" in text:
        with tempfile.TemporaryDirectory() as name:
            home = Path(name)
            home.chmod(0o700)
            gpg = [_tool("gpg"), "--batch", "--homedir", str(home)]
            (home / "key.asc").write_text(text, encoding="utf-8")
            _run([*gpg, "--import", str(home / "key.asc")])
            code, said = _run([*gpg, "--with-colons", "--fingerprint"])
            fingerprints = [x.split(":")[9] for x in said.splitlines() if x.startswith("fpr:")]
            if code != 0 or not fingerprints:
                raise SigningError("the OpenPGP key cannot be read")
            return "openpgp", text, fingerprints[0]
    line = next((x for x in text.splitlines() if x.strip() and not x.startswith("#")), "")
    public = _ssh_key_line(line.replace("key::", ""))
    return "ssh", public, ssh_fingerprint(public)


SSH_GOOD: Final = re.compile(
    r'Good "git" signature for (.+?) with (\S+) key (SHA256:[A-Za-z0-9+/]+)'
)
OPENPGP_VALID: Final = re.compile(r"^\[GNUPG:\] VALIDSIG (\S+)(?:.* (\S+))?$", re.MULTILINE)
OPENPGP_GOOD: Final = re.compile(r"^\[GNUPG:\] GOODSIG \S+ (.+)$", re.MULTILINE)


def tag_signature(root: Path, tag: str) -> tuple[str, str]:
    """Whether the tag is signed, and by whom, as git verifies it with the keys it is
    configured with (``git verify-tag --raw``): ("unsigned", ""), ("verified", "<who>, key
    <fingerprint>") or ("not verified", git's reason). Never asserted: read from git."""
    git = shutil.which("git")
    if git is None or tag.startswith("-"):
        return "not verified", "git cannot be run"
    code, text = _run([git, "cat-file", "tag", tag], cwd=root)
    if code != 0:
        return "not verified", _last(text)
    if "-----BEGIN" not in text:
        return "unsigned", ""
    code, said = _run([git, "verify-tag", "--raw", tag], cwd=root)
    ssh = SSH_GOOD.search(said)
    valid = OPENPGP_VALID.search(said)
    if code == 0 and ssh is not None:
        return "verified", f"{ssh.group(1)}, {ssh.group(2)} key {ssh.group(3)}"
    if code == 0 and valid is not None:
        good = OPENPGP_GOOD.search(said)
        who = f"{good.group(1)}, " if good else ""
        return "verified", f"{who}OpenPGP key {valid.group(2) or valid.group(1)}"
    return "not verified", _last(said)
