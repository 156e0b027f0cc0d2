"""The pack's README.txt: what it holds, what it proves, and how to check it with smsdocs or with
standard tools only. Every name in it is data, never a line of its own or a command."""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, Final

from smsdocs import signing
from smsdocs.errors import printable
from smsdocs.model import Scope
from smsdocs.pack.releases import Release

README: Final = """\
{title}
{rule}

{status}

{holds}

  manual/        the manual as PDF (tagged, PDF/A-2a and PDF/UA-1) and DOCX
  site/          the manual as a website for one version: unzip it and open index.html
  changes.pdf, changes.md
                 what changed in the scope since {previous}: every entry added, removed
                 or changed, by name, with old and new values, and the clauses whose
                 coverage changed
  traceability.xlsx, traceability.csv
                 every clause of ISO/IEC 20000-1 clauses 4 to 10, what addresses it, and
                 its status
  register.xlsx, register.csv
                 the register of documented information (7.5.4)
  communications.xlsx, communications.csv
                 who was told of this version, when and how, and who acknowledged it
                 (read from a later commit: see "Communication of this version")
  approval.json  {approval}
  manifest.json  what built the pack (the ref, the commit, smsdocs, pandoc and Typst), and
                 whether SHA256SUMS is signed, and with which key
{signed_files}  SHA256SUMS     the SHA-256 of every other file of the pack: it lists them all

{communications}

What the pack proves
--------------------

Checked as below, the pack holds exactly the files SHA256SUMS lists, each once and with the
bytes it was made with: none added, dropped, repeated or changed.{signed_proof}

It does not prove who made it unless it is signed and you compare the key with one you
obtained from the organisation itself: anyone can make a pack that is consistent in itself,
including by removing a signature and every mention of it. If the organisation signs its
packs, refuse one that has no signature by its published key, whatever this file says. That
the release is the one in the organisation's repository is checked there, with git (below).

How to check it
---------------

With smsdocs installed, in the folder that holds the zip:

  smsdocs verify-pack {pack_sh}{key_arg}

It says what it proved, or one line "error: ..." naming what is wrong.

With standard tools only, in a folder holding the zip and nothing else of these names:

Linux and macOS (bash or zsh; on macOS write "shasum -a 256" for "sha256sum"):

  pack={pack_sh}
  unzip -Z1 "$pack" | grep -vxF {skip_sh} | LC_ALL=C sort > listed.txt &&
  unzip -p "$pack" SHA256SUMS | sed 's/^[0-9a-f]\\{{64\\}}  //' | LC_ALL=C sort | diff - listed.txt &&
  mkdir unpacked && unzip -q "$pack" -d unpacked && cd unpacked &&
  sha256sum -c --strict --quiet SHA256SUMS && cd .. && echo 'every file verified'

Windows (PowerShell):

  $pack = {pack_ps}
  Add-Type -AssemblyName System.IO.Compression.FileSystem
  $zip = [IO.Compression.ZipFile]::OpenRead((Resolve-Path -LiteralPath $pack).Path)
  $listed = @($zip.Entries.FullName | Where-Object {{ $_ -cnotin {skip_ps} }}); $zip.Dispose()
  Expand-Archive -LiteralPath $pack -DestinationPath unpacked
  $sums = Get-Content -LiteralPath unpacked\\SHA256SUMS | ForEach-Object {{ $h, $n = $_ -split '  ', 2; [pscustomobject]@{{ Hash = $h.ToUpper(); Name = $n }} }}
  Compare-Object ($sums.Name | Sort-Object) ($listed | Sort-Object)
  $sums | Where-Object {{ (Get-FileHash -Algorithm SHA256 -LiteralPath (Join-Path unpacked $_.Name)).Hash -cne $_.Hash }} | ForEach-Object Name

The last two commands must print nothing: Compare-Object shows a file added, dropped or
repeated, the last a file whose bytes changed.
{signature_steps}
{release_says}

  git rev-parse '{object}^{{commit}}'
{tag_steps}"""
"""The pack's README.txt. Every name in it is data: the text lines show it on one line, and
the commands name only the zip (quoted for each shell) and object ids, never a tag name."""


SSH_STEPS: Final = """
The signature. SHA256SUMS is signed (SHA256SUMS.sig) with the SSH key {fingerprint};
signer.pub is its public key. Obtain the organisation's published key from it (not from
this pack) and save it as published.pub beside the zip. This must print {fingerprint}:

  ssh-keygen -l -f published.pub

Then, after the steps above, this must say: Good "file" signature for signer

  printf 'signer %s\\n' "$(cat published.pub)" > allowed_signers &&
  ssh-keygen -Y verify -f allowed_signers -I signer -n file -s unpacked/SHA256SUMS.sig < unpacked/SHA256SUMS

On Windows, OpenSSH's ssh-keygen (Windows 10 and later) takes the same commands in
PowerShell, with Set-Content allowed_signers ("signer " + (Get-Content published.pub)) for
the printf line and Get-Content unpacked/SHA256SUMS piped into ssh-keygen for the "<".
"""

OPENPGP_STEPS: Final = """
The signature. SHA256SUMS is signed (SHA256SUMS.asc) with the OpenPGP key {fingerprint};
signer.asc is its public key. Obtain the organisation's published key from it (not from
this pack) and import it (gpg --import published.asc). After the steps above, this must say
"Good signature" and name the key {fingerprint} (gpg on Windows: the same):

  gpg --verify unpacked/SHA256SUMS.asc unpacked/SHA256SUMS
"""


def one_line(value: str) -> str:
    """A name as one line of text: line breaks and runs of spaces as one space, and the
    characters that steer a terminal shown as escapes. A name is data: it never starts a
    line of its own in a file that tells a reader what to do."""
    return printable(" ".join(value.split()))


def sh_quote(value: str) -> str:
    """``value`` as one word for bash, zsh and sh, whatever it holds."""
    return shlex.quote(value)


def ps_quote(value: str) -> str:
    """``value`` as one literal string for PowerShell: single-quoted, its quotes (PowerShell
    reads the typographic ones as quotes too) doubled."""
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", value) + "'"


def _readme(
    scope: Scope,
    ref: str,
    commit: str,
    tag_object: str | None,
    previous: Release | None,
    draft: bool,
    zip_name: str,
    signer: signing.Signer | None,
    record: Mapping[str, Any],
    communications: Sequence[str] = (),
) -> str:
    title = one_line(f"Audit pack: {scope.document.title}, {ref}")
    status = (
        "DRAFT: this version is not an approved release; it is packed for review only."
        if draft
        else "An approved release."
    )
    skip = ["SHA256SUMS", *([signer.signature_name] if signer else [])]
    signed_files = (
        ""
        if signer is None
        else f"  {signer.public_name:<14} the public key that signed SHA256SUMS\n"
        f"  {signer.signature_name:<14} the signature of SHA256SUMS\n"
    )
    signed_proof = (
        ""
        if signer is None
        else f" SHA256SUMS is signed by the {'SSH' if signer.kind == 'ssh' else 'OpenPGP'} key "
        f"{signer.fingerprint}: compared with the key the organisation publishes, that says "
        "who vouches for these files."
    )
    steps = ""
    if signer is not None:
        template = SSH_STEPS if signer.kind == "ssh" else OPENPGP_STEPS
        steps = template.format(fingerprint=signer.fingerprint)
    if tag_object is None:
        tag_says, tag_steps = ". The ref is not a tag: the commit is what identifies it.", ""
        what = f"ref {one_line(ref)}"
    else:
        tag_steps = f"  git cat-file tag {tag_object}\n"
        if str(record.get("signature", "")).startswith("signed"):
            tag_says = (
                ", the second shows the tag's name and message, and the third must verify the "
                "tag's signature with the organisation's key."
            )
            tag_steps += f"  git verify-tag {tag_object}\n"
        else:
            tag_says = (
                " and the second shows the tag's name and message. The tag is not signed: "
                "git verify-tag cannot check it, and the commit is what identifies the release."
            )
        what = f"tag {one_line(ref)}"
    document, organisation = one_line(scope.document.id), one_line(scope.organization.name)
    # Names stay inside their lines (never wrapped to the start of one), as elsewhere.
    if draft:
        # A draft is built from whatever commit the ref names: never "released" there.
        holds = (
            f"This pack holds a draft of {document} of {organisation}: the manual as it stands\n"
            f"at the commit {commit} (the git {what}), which is not an approved release.\n"
            "It is packed for review, with what an auditor would need to assess it:"
        )
    else:
        holds = (
            f"This pack holds {document} {one_line(ref)} of {organisation}, as released at the "
            f"git {what}\n(commit {commit}), and what an auditor needs to assess it:"
        )
    key = {"ssh": " --key published.pub", "openpgp": " --key published.asc"}
    return README.format(
        title=title,
        rule="=" * len(title),
        status=status,
        approval=(
            "the approval recorded for this version, if any (a draft is not an approved\n"
            "                 release), the tag if it is one, and whether git verifies its\n"
            "                 signature, and whose it is"
            if draft
            else "management's approval of this version, the tag, and whether git verifies\n"
            "                 the tag's signature, and whose it is"
        ),
        holds=holds,
        previous=one_line(previous.tag.name) if previous else "(no earlier approved release)",
        signed_files=signed_files,
        signed_proof=signed_proof,
        pack_sh=sh_quote(zip_name),
        pack_ps=ps_quote(zip_name),
        key_arg=key[signer.kind] if signer else "",
        skip_sh=" ".join(f"-e {s}" for s in skip),
        skip_ps=",".join(f"'{s}'" for s in skip),
        signature_steps=steps,
        object=tag_object or commit,
        release_says=textwrap.fill(
            f"The {'commit' if draft else 'release'} in the organisation's repository: in a "
            f"clone of it, the first command must print {commit}{tag_says}",
            90,
        ),
        tag_steps=tag_steps,
        communications="\n".join(communications),
    )
