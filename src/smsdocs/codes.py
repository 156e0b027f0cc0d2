"""Every finding smsdocs reports, by its stable code: its severity, the clause of ISO/IEC
20000-1:2018 it enforces, and what it means.

The README's table "What is checked" is this registry (a test keeps the two equal), and the
review formats describe each rule with it. A leaf module: it imports nothing of smsdocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Code:
    """One finding code."""

    title: str
    """A few words naming it, for the rules list of a review tool."""
    severity: str
    """"error", "warning", or how the severity is decided ("error, or warning")."""
    clause: str
    """The clause it enforces, or "— data" for a finding on the data itself, or "—"."""
    meaning: str
    """What it means, in Markdown (the README's words)."""


CODES: Final = MappingProxyType(
    {
        "yaml-syntax": Code(
            "Not valid YAML",
            "error",
            "— data",
            "the file is not valid YAML, or holds more than one document",
        ),
        "yaml-tab": Code(
            "Tab in indentation",
            "error",
            "— data",
            "a tab in indentation (YAML indents with spaces)",
        ),
        "yaml-encoding": Code(
            "Not UTF-8 text",
            "error",
            "— data",
            "the file is not UTF-8, or holds control characters",
        ),
        "yaml-bom": Code(
            "Byte-order mark",
            "error",
            "— data",
            "the file starts with a byte-order mark",
        ),
        "yaml-empty": Code(
            "Empty file",
            "error",
            "— data",
            "the file holds no data",
        ),
        "yaml-too-large": Code(
            "File too large",
            "error",
            "— data",
            "the file is over 10 MiB",
        ),
        "yaml-too-deep": Code(
            "Nesting too deep",
            "error",
            "— data",
            "nesting deeper than 64 levels",
        ),
        "yaml-alias": Code(
            "Alias too large or recursive",
            "error",
            "— data",
            "a recursive alias, or aliases that expand past 100,000 nodes or 4 MiB of text",
        ),
        "yaml-tag": Code(
            "YAML tag",
            "error",
            "— data",
            "a YAML tag such as `!!python/object`",
        ),
        "key-duplicate": Code(
            "Duplicate key",
            "error",
            "— data",
            "the same key twice in one mapping",
        ),
        "file-unreadable": Code(
            "File cannot be read",
            "error",
            "— data",
            "a file that cannot be read, a folder named `*.yaml`, a link leading outside the project (under `scope/`, and under every folder a build reads: `docs/`, `overrides/` and the theme's `custom_dir`, the macros plugin's include folder and module), a named pipe or device where a build would read a file",
        ),
        "scope-empty": Code(
            "No scope data",
            "error",
            "— data",
            "`scope/` holds no YAML files",
        ),
        "image-invalid": Code(
            "Broken image",
            "error",
            "— site",
            "an image a build reads (`docs/`, `overrides/`, the export logo) that is not a whole image of the format its name says: a Git LFS pointer, a truncated or damaged PNG, JPEG or GIF, an SVG that is not well-formed XML; or an SVG's `<image href>` that leads nowhere, out of the project, to another host, or to such an image (at its line)",
        ),
        "template-invalid": Code(
            "Broken export template",
            "error",
            "— site",
            "`reference.docx` in the export folder (`overrides/export/`, or `export/` in the theme's `custom_dir`) is not a Word document (not a whole zip file, or a zip without Word's parts)",
        ),
        "export-folder": Code(
            "Export templates outside the theme folder",
            "warning",
            "— site",
            "the theme's `custom_dir` is not `overrides` and has no `export/` folder, while `overrides/export/` holds the export templates (where smsdocs once read them whatever the theme's folder): they are still read there; found at the `custom_dir:` line, with the folder to move them to (see [the export folder](#templates-logo-and-fonts-the-export-folder))",
        ),
        "page-missing": Code(
            "Required page missing",
            "error",
            "— site",
            "the smsdocs plugin's `catalogue_page` (by default `catalogue/index.md`), or a page its `pages:` setting names, is not a page in `docs/`: without it the manual loses its service pages, or links lead nowhere; found at the line of `mkdocs.yml` that sets it",
        ),
        "language-tag": Code(
            "Not a language tag",
            "error",
            "— site",
            "the smsdocs plugin's `language` (or the theme's) in `mkdocs.yml` is not a BCP 47 language tag (`English`, `en_GB`): the documents could not declare their language; found at its line",
        ),
        "language-mismatch": Code(
            "Two languages named",
            "warning",
            "— site",
            "the smsdocs plugin's `language` in `mkdocs.yml` names another language than the theme's `language` (or Material's default, `en`): the site's own words (navigation, search) would be in one language and smsdocs's in the other; found at the plugin's line, with the theme's value to set",
        ),
        "language-unsupported": Code(
            "Language without a catalogue",
            "warning",
            "— site",
            "the language the project names in `mkdocs.yml` (the theme's `language`, or the smsdocs plugin's) is one smsdocs has no catalogue for: the documents declare it, but the words smsdocs writes itself (running header and footer, document control, banners, labels) stay in English; found at its line, with the languages there are (see [Languages](#languages))",
        ),
        "placeholder": Code(
            "Placeholder not filled in",
            "error",
            "— data",
            'a value still holds a `"<fill in: ...>"` placeholder of the blank project `smsdocs init` makes; the finding says what to write there (a manual is not published with one), and it is the only finding about that value',
        ),
        "key-unknown": Code(
            "Unknown section or field",
            "error",
            "— data",
            "an unknown section or field (with the nearest known name)",
        ),
        "section-missing": Code(
            "Required section missing",
            "error",
            "— data",
            "`organization`, `sms`, `document` or `services` is missing",
        ),
        "section-duplicate": Code(
            "Section defined twice",
            "error",
            "— data",
            "a single-mapping section defined in two files",
        ),
        "field-missing": Code(
            "Required field missing",
            "error",
            "— data",
            "a required field is missing or empty",
        ),
        "field-conflict": Code(
            "Conflicting fields",
            "error",
            "— data",
            "a process gives both `clause` and `clauses`; it takes one or the other",
        ),
        "type-mismatch": Code(
            "Wrong type",
            "error",
            "— data",
            "text where a list is expected, and so on",
        ),
        "value-invalid": Code(
            "Value not allowed",
            "error",
            "— data",
            "a value outside the allowed set (`status: retired`), a process clause (in `clause` or `clauses`) that is not a clause of the standard, or a page's `requires` that names no section of the scope data",
        ),
        "value-range": Code(
            "Value out of range",
            "error",
            "— data",
            "a number or list length out of range (`likelihood: 9`), or a maturity target below its baseline",
        ),
        "date-invalid": Code(
            "Not a date",
            "error",
            "— data",
            "not a `YYYY-MM-DD` date, or no such day (`2026-02-30`, `0000-01-01`), or a review date after 9999",
        ),
        "id-invalid": Code(
            "Invalid id",
            "error",
            "— data",
            "an id with spaces or other characters outside `A-Z a-z 0-9 . _ -`, or longer than 64 characters",
        ),
        "id-duplicate": Code(
            "Duplicate id",
            "error",
            "— data",
            "ids are unique across the whole scope, whatever their letter case",
        ),
        "ref-unknown": Code(
            "Unknown reference",
            "error",
            "— data",
            "a reference to an id that does not exist (with the nearest id)",
        ),
        "ref-kind": Code(
            "Reference to the wrong kind of entry",
            "error",
            "— data",
            "a reference to the wrong kind of entry, or a party of the wrong type",
        ),
        "ref-self": Code(
            "Entry refers to itself",
            "error",
            "— data",
            "an entry that refers to itself",
        ),
        "ref-repeated": Code(
            "Id repeated in a list",
            "warning",
            "—",
            "the same id twice in one list",
        ),
        "exclusion-forbidden": Code(
            "Exclusion of a requirement or process",
            "error",
            "4.3, 4.4",
            "an exclusion of a process or a requirement: clauses 4 to 10 and the clause 8 processes can never be excluded",
        ),
        "exclusion-rationale": Code(
            "Exclusion without a rationale",
            "error",
            "4.3",
            "an exclusion without a real rationale",
        ),
        "exclusion-impact": Code(
            "Exclusion leaves services without what they depend on",
            "error",
            "4.3",
            "an exclusion that leaves in-scope services without a unit, location, component, service or customer they depend on",
        ),
        "exclusion-duplicate": Code(
            "Excluded twice",
            "warning",
            "—",
            "the same thing excluded twice",
        ),
        "service-incomplete": Code(
            "In-scope service without a customer or unit",
            "error",
            "4.3",
            "an in-scope service without a customer or a providing unit",
        ),
        "service-unowned": Code(
            "In-scope service without an owner",
            "warning",
            "5.3 (good practice)",
            "an in-scope service without an owner",
        ),
        "parties-operate-all": Code(
            "Other parties operate the whole SMS",
            "error, or warning",
            "8.2.3",
            'decided on the SMS as a whole: an error when other parties operate every in-scope service, provide every component and operate every process, so the organisation would run nothing itself; a warning naming the reading when they run all of one kind (say, every component) while the organisation runs some of the others itself ("the one component is provided by other parties; the organisation operates 2 of 2 in-scope services and 19 of 19 processes itself, ...")',
        ),
        "agreement-missing": Code(
            "Supplier without an agreement",
            "error",
            "8.3.4.1, 8.3.4.2",
            "a supplier the scope depends on has no agreement reference (8.3.4)",
        ),
        "party-uncontrolled": Code(
            "Supplier without controls",
            "warning",
            "8.2.3",
            "a supplier the scope depends on has no controls listed (8.2.3)",
        ),
        "process-missing": Code(
            "Clause 8 process missing",
            "error",
            "4.3, 4.4, 8",
            "a clause 8 process has no entry in `processes`",
        ),
        "objective-unmeasurable": Code(
            "Objective without a metric or target",
            "warning",
            "6.2.1",
            "an SMS objective without a metric or target",
        ),
        "objective-unaligned": Code(
            "Objective supports no business objective",
            "warning",
            "6.2 (good practice)",
            "an SMS objective that supports no business objective",
        ),
        "statement-out-of-scope": Code(
            "Statement names an excluded service",
            "warning",
            "4.3",
            "the scope statement names an excluded service",
        ),
        "statement-incomplete": Code(
            "Statement does not match the catalogue",
            "warning",
            "4.3",
            'the statement neither names every in-scope service nor refers to the service catalogue: in English, German, French, Spanish or Dutch ("service catalogue", "Servicekatalog", "Leistungskatalog", "catalogue de services", "catálogo de servicios", "dienstencatalogus", in any letter case and with their inflections and compounds), in a word of its own given under `sms: catalogue_terms:` (`[Service Portfolio]`), or by a Markdown link to the catalogue\'s page (`[catalogue](catalogue/index.md)`); not reported where the manual\'s language is one whose word the check does not know',
        ),
        "link-unsafe": Code(
            "Unsafe link",
            "warning",
            "—",
            "a description, the purpose or the statement links somewhere other than an `http`, `https`, `mailto` or `tel` address or a page of the manual (such as `javascript:`); the manual shows the link's words as plain text",
        ),
        "image-unsafe": Code(
            "Image from outside the project",
            "warning",
            "—",
            "a Markdown field shows an image that is not a file of the project (from another host, or a `data:` address); the manual shows its description instead",
        ),
        "text-control": Code(
            "Control character",
            "warning in a scope value, error in a chapter",
            "— data",
            'a control character (ESC, NUL, backspace, the C1 controls; not a tab or a line end): in a scope value (written with a YAML escape such as `"\\e"`) the manual shows it as the escape `\\x1b`, so the warning says where it is; in a chapter of `docs/`, which the site shows as written, it is an error at its line and column',
        ),
        "text-bidi": Code(
            "Direction control character",
            "warning",
            "—",
            "a direction control (U+202A to U+202E, U+2066 to U+2069) in a value or a chapter; the manual shows every value that holds one isolated (between U+2068 and U+2069), so it cannot reverse or reorder the text after it, on the site, in the PDF or in the DOCX",
        ),
        "text-font": Code(
            "Characters no font of the PDF has",
            "error",
            "— data",
            "characters no font of the PDF has (CJK, emoji, Tamil, Bengali, Ethiopic, private use, …), with their script: `scope/people.yaml:4:12: error[text-font]: 'name' of 'wang' in 'stakeholders' holds text no font of the PDF can show: Han ('王小明'); add a font that covers it to overrides/export/fonts/, such as Noto Sans CJK or Noto Serif CJK, or write the text another way` (and at the line and column of a chapter); an error, because the export would stop there. The fonts are Typst's own (Libertinus Serif, New Computer Modern, DejaVu Sans Mono: their characters are listed in `src/smsdocs/data/typst-fonts.txt`, which `make typst-fonts` writes again for a new Typst) and those smsdocs ships (Noto Serif, Frank Ruhl Libre for Hebrew, Noto Sans Arabic, Devanagari and Thai), with any in `overrides/export/fonts/`; never the build machine's",
        ),
        "text-nesting": Code(
            "Quotes or lists nested too deep",
            "error",
            "— data",
            "quotes and lists nested more than 10 levels deep in a chapter or a Markdown field (the PDF's typesetter stops at about 20)",
        ),
        "approval-missing": Code(
            "Scope never approved",
            "warning",
            "4.3, 7.5.2",
            "the scope has never been approved",
        ),
        "approval-untagged": Code(
            "Approved version without a release tag",
            "warning",
            "7.5.3",
            "an approved version has no release tag in the project's git repository (or only a lightweight one, or a name the `release_pattern` never matches), so the manual cannot show which commit was approved; checked where the project is in a git repository",
        ),
        "release-dated-later": Code(
            "Release records something dated after it",
            "warning",
            "7.5.3",
            "the files checked are an approved release (the commit its annotated tag names, with no file changed since) and record something done or decided after that release's approval: the approval of another version, an exclusion's approval (`date`), a communication or acknowledgement (`communications`), the climate decision (`sms: climate: date`), the baseline assessment (`implementation: baseline: date`) or a milestone with `status: done`; record it in a later version, or correct the date. Dates that plan or bound may lie ahead and are not counted: review dates, `due`, `next_review`, agreement start and end, phase start and end, open milestones. Checked where git can tell; between releases, with changed files or without git it says nothing",
        ),
        "approval-duplicate": Code(
            "Version approved twice",
            "error",
            "7.5.3",
            "one version approved twice",
        ),
        "release-tag-name": Code(
            "Release name not plain",
            "warning",
            "7.5.3",
            "an approved version or a release tag whose name is not plain (letters, digits, `.`, `_`, `-`): the manual, the audit pack's file names and the commands given to auditors print it, and a name such as `v1.3.0$(touch${IFS}x)` could be read as a command; named at the approval, or at `approvals:` for a tag alone; checked where the project is in a git repository (approvals always)",
        ),
        "date-future": Code(
            "Record dated in the future",
            "warning",
            "7.5.2",
            "an approval, a communication or an acknowledgement dated after today",
        ),
        "communication-unapproved": Code(
            "Communication of a version not approved",
            "error",
            "4.3",
            "a communication names a version whose approval is not recorded in `approvals`; record the approval first, or name the approved version (the nearest name is suggested)",
        ),
        "communication-before-approval": Code(
            "Communication before the approval",
            "error",
            "4.3",
            "a communication dated before its version's approval: a version cannot be communicated as approved before it is (a draft shared for comment before the approval belongs in the approval's record); a note points at the approval's date",
        ),
        "acknowledgement-before-communication": Code(
            "Acknowledgement before the communication",
            "error",
            "— data",
            "an acknowledgement dated before the communication it acknowledges",
        ),
        "acknowledgement-not-recipient": Code(
            "Acknowledgement by someone not told",
            "warning",
            "— data",
            "an acknowledgement by a stakeholder or party not in the communication's `to`; add them to `to`, or correct `by`",
        ),
        "acknowledgement-hash": Code(
            "Acknowledged hash not a SHA-256",
            "error",
            "— data",
            "a `pdf_sha256` that is not 64 hexadecimal digits (upper or lower case, as `sha256sum` or `Get-FileHash` print it)",
        ),
        "review-overdue": Code(
            "Review overdue",
            "warning",
            "7.5.2",
            "the manual is past its review date",
        ),
        "date-order": Code(
            "Dates out of order",
            "error",
            "— data",
            "an implementation phase that ends before it starts, or phases out of order",
        ),
        "plan-incomplete": Code(
            "Process in no implementation phase",
            "warning",
            "TS 20000-5 (good practice)",
            "with the process-subsets approach, a process that belongs to no phase",
        ),
        "milestone-outside": Code(
            "Milestone outside the plan",
            "warning",
            "6.3 (good practice)",
            "a milestone dated outside the implementation plan",
        ),
        "milestone-order": Code(
            "Audit milestones out of order",
            "warning",
            "9.2, 9.3 (certification practice)",
            "a stage 1 audit without an internal audit and a management review before it, or stage 2 before stage 1",
        ),
        "standard-other": Code(
            "Other standards named as the edition",
            "warning",
            "— data",
            '`sms.standard` names more than the edition of ISO/IEC 20000-1 ("ISO 9001, ISO/IEC 27001"), which the normative references would print as that edition; name other standards under `sms.integrated_with`',
        ),
        "climate-undetermined": Code(
            "Climate change decision missing",
            "warning",
            "4.1 (Amd 1:2024)",
            "the SMS records no decision on whether climate change is a relevant issue",
        ),
        "clause-uncovered": Code(
            "Clause not addressed",
            "warning",
            "4 to 10, 7.5.4",
            "clauses of ISO/IEC 20000-1 that no page, process, document or record (a planned internal audit or management review) addresses (one warning per chapter of the standard); 4.1 without internal and external issues, 6.1 without risks, 6.2.1 and 6.2.2 without service management objectives, however many pages declare them (one warning each, at the section or at `sms:`); and each item of 7.5.4's list with no document in the register, naming the clauses it keeps open; contracts with external suppliers are asked for only where the scope has external suppliers, and agreements with internal suppliers and customers acting as a supplier only where it has such parties",
        ),
    }
)
