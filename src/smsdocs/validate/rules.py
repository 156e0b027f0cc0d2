"""Pass 3 of the check: the ISO/IEC 20000-1 rules on the scope, one function per rule.

Each rule reads the ``Facts`` (``facts``) and adds what it finds to the ``Report``;
``validate.RULES`` lists them in the order they run. Here: the rules on the context and the
scope (4.1, 4.3: exclusions, in-scope services, the climate decision, the standard, the SMS
objectives of 6.2 and the scope statement). The rules on who operates the SMS (8.2.3, the
clause 8 processes) are in ``operation``; those on document control, the implementation plan
and the clauses the manual covers in ``documented``.

Imports ``errors``, ``model``, ``standards`` and, in this folder, ``facts`` and ``report``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from typing import Final

from smsdocs.errors import Mark, Note
from smsdocs.model import Exclusion, Objective, Service
from smsdocs.validate.facts import Facts
from smsdocs.validate.report import Report, plural, quote_list
from smsdocs.words import primary

_PLACEHOLDERS: Final = frozenset(
    {"n/a", "na", "none", "tbd", "tbc", "todo", "to do", "-", "?", "see above", "not applicable"}
)
MIN_RATIONALE_WORDS: Final = 6
# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, Tibetan, Chinese,
# Japanese): their words cannot be counted from the text alone.
_UNSPACED: Final = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


def too_short(rationale: str) -> bool:
    """Whether ``rationale`` is too short to be a full sentence: a placeholder ('n/a', 'TBD'),
    or fewer than ``MIN_RATIONALE_WORDS`` words of two letters or more, in any script. A text in a
    script written without spaces between words is counted by no word count: only a
    placeholder is too short there."""
    if rationale.strip().lower() in _PLACEHOLDERS:
        return True
    if _UNSPACED.search(rationale):
        return False
    return sum(len(run) >= 2 for run in _letter_runs(rationale)) < MIN_RATIONALE_WORDS


def _letter_runs(text: str) -> list[str]:
    """The runs of letters in ``text``, in any script, the marks that write a vowel or a tone
    on a letter counted as letters ('है' is a run of two, as 'is' is): what is between spaces,
    digits and signs ('alert(1)' holds the run 'alert')."""
    runs: list[str] = []
    run = ""
    for char in text:
        if unicodedata.category(char)[0] in "LM":
            run += char
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def exclusion_has_a_rationale(facts: Facts, report: Report) -> None:
    """4.3: each exclusion says why it is outside the SMS, in words an auditor can assess."""
    for exc in facts.valid("exclusions"):
        if too_short(exc.rationale):
            report.add(
                facts.field_mark(exc, "rationale"),
                "exclusion-rationale",
                f"exclusion '{exc.id}' gives '{exc.rationale.strip()}' as its rationale; "
                f"explain in a full sentence why the {exc.kind} is outside the SMS, "
                "so an auditor can assess it (4.3)",
            )


def _with_earlier(facts: Facts) -> list[tuple[Exclusion, Exclusion | None]]:
    """Each exclusion, with the earlier one that excludes the same thing (None if none)."""
    first_seen: dict[tuple[str, str], Exclusion] = {}
    out: list[tuple[Exclusion, Exclusion | None]] = []
    for exc in facts.valid("exclusions"):
        out.append((exc, first_seen.get((exc.kind, exc.target))))
        first_seen.setdefault((exc.kind, exc.target), exc)
    return out


def exclusion_is_not_repeated(facts: Facts, report: Report) -> None:
    """4.3: each thing is excluded once, so its rationale and approval are in one place."""
    for exc, earlier in _with_earlier(facts):
        if earlier is not None:
            report.add(
                facts.field_mark(exc, "target"),
                "exclusion-duplicate",
                f"{exc.kind} '{exc.target}' is already excluded by '{earlier.id}'; "
                "keep one exclusion",
                "warning",
                (Note(facts.field_mark(earlier, "target"), "first excluded here"),),
            )


def exclusion_leaves_services_whole(facts: Facts, report: Report) -> None:
    """4.3: an exclusion leaves no in-scope service without what it depends on.

    An in-scope service may not depend on an excluded unit, location or component unless
    another party supplies it, nor on an excluded service, nor lose its last customer; the
    finding names the services the exclusion would break.
    """
    customers_excluded = facts.excluded("customer")
    for exc, earlier in _with_earlier(facts):
        if earlier is None:
            _exclusion_impact(facts, report, exc, customers_excluded)


def _exclusion_impact(
    facts: Facts, report: Report, exc: Exclusion, customers_excluded: AbstractSet[str]
) -> None:
    target = exc.target
    in_scope = facts.in_scope
    reg = facts.registry.get(target)
    provided = reg is not None and getattr(reg.entry.obj, "provided_by", None)
    broken: list[tuple[Service, str, int]] = []  # service, field, index
    stranded: list[str] = []
    if exc.kind == "unit":
        for s in in_scope:
            if target in s.units:
                broken.append((s, "units", s.units.index(target)))
                if all(u == target for u in s.units):
                    stranded.append(s.id)
    elif exc.kind == "location" and not provided:
        broken = [
            (s, "locations", s.locations.index(target)) for s in in_scope if target in s.locations
        ]
    elif exc.kind == "component" and not provided:
        broken = [
            (s, "components", s.components.index(target))
            for s in in_scope
            if target in s.components
        ]
    elif exc.kind == "service":
        broken = [
            (s, "depends_on", s.depends_on.index(target))
            for s in in_scope
            if target in s.depends_on
        ]
    elif exc.kind == "customer":
        broken = [
            (s, "customers", s.customers.index(target))
            for s in in_scope
            if s.customers
            and all(c in customers_excluded for c in s.customers)
            and target in s.customers
        ]
    if not broken:
        return
    names = [s.id for s, _, _ in broken]
    services = f"{plural(len(names), 'service')} {quote_list(names)}"
    one = len(names) == 1
    are = "is" if one else "are"
    those, them, their = (
        ("that service", "it", "its") if one else ("those services", "them", "their")
    )
    if exc.kind == "unit":
        message = f"excluding unit '{target}' leaves in-scope {services} "
        message += (
            "without a provider"
            if len(stranded) == len(names)
            else f"depending on it ({quote_list(stranded)} without any other unit)"
            if stranded
            else "depending on it"
        )
        fix = f"assign another unit to {those} or exclude {them} too"
    elif exc.kind == "location":
        message = f"excluding location '{target}' removes a location that in-scope {services} {are} delivered from"
        fix = f"remove the location from {those}, or record the party that provides it in 'provided_by'"
    elif exc.kind == "component":
        message = f"excluding component '{target}' removes a component that in-scope {services} {are} built from"
        fix = f"remove it from {those}, or record the supplier in 'provided_by' so it is controlled as a supplied component"
    elif exc.kind == "service":
        message = f"excluding service '{target}' breaks in-scope {services} that {'depends' if are == 'is' else 'depend'} on it"
        fix = f"remove it from {their} 'depends_on' or exclude {them} too"
    else:
        message = (
            f"excluding customer '{target}' leaves in-scope {services} with no in-scope customer"
        )
        fix = f"exclude {those} too, or give {them} a customer that is in scope"
    notes = tuple(
        Note(facts.field_mark(s, f, i), f"service '{s.id}' uses it here") for s, f, i in broken
    )
    report.add(
        facts.field_mark(exc, "target"),
        "exclusion-impact",
        f"{message}; {fix} (4.3: the scope holds what its services depend on)",
        notes=notes,
    )


# -- services in scope -----------------------------------------------------------------------


def service_in_scope_is_complete(facts: Facts, report: Report) -> None:
    """4.3: an in-scope service has at least one customer and one providing unit (the scope's
    boundaries); an owner is good practice (5.3 assigns roles, not one per service)."""
    for s in facts.in_scope:
        node = facts.node(s)
        for field_name, text, present in (
            ("customers", "a customer ('customers:' with a customer party id)", s.customers),
            ("units", "a providing unit ('units:' with a unit id)", s.units),
        ):
            if present:
                continue
            where = node.entries[field_name][0].mark if field_name in node.entries else node.mark
            report.add(
                where,
                "service-incomplete",
                f"service '{s.id}' is in scope but has no {field_name.rstrip('s')}; "
                f"add {text}, or exclude the service (4.3: the scope names the services, "
                "who they are for and who provides them)",
            )
        if not s.owner:
            where = node.entries["owner"][0].mark if "owner" in node.entries else node.mark
            report.add(
                where,
                "service-unowned",
                f"service '{s.id}' is in scope but has no owner; add 'owner:' with a "
                "stakeholder id (good practice: 5.3 asks for roles to be assigned, and a named "
                "owner is how auditors find who answers for a service)",
                "warning",
            )


def climate_is_determined(facts: Facts, report: Report) -> None:
    """4.1 (ISO/IEC 20000-1:2018/Amd 1:2024): the organisation determines whether climate
    change is a relevant issue."""
    found = facts.valid("sms")
    if found and found[0].climate is None:
        report.add(
            facts.sections.keys["sms"].mark,
            "climate-undetermined",
            "the SMS records no decision on whether climate change is a relevant issue; add "
            "'climate:' under 'sms:' with its decision (relevant or not-relevant), reasoning, "
            "date and decided_by (4.1, as amended by ISO/IEC 20000-1:2018/Amd 1:2024)",
            "warning",
        )


_OWN_STANDARD: Final = re.compile(
    r"ISO/IEC\s*20000-1(?::\s*\d{4})?|\b(?:Amd|Amendment)\.?\s*\d+(?::\s*\d{4})?", re.I
)
# What is left once the edition and amendments of ISO/IEC 20000-1 are taken out: a national
# adoption's prefix ('BS EN') is fine, another standard's body or number is not.
_OTHER_STANDARD: Final = re.compile(r"\b(?:ISO|IEC)\b|(?<![:\d])\b\d{4,5}\b", re.I)


def standard_is_iso_20000(facts: Facts, report: Report) -> None:
    """'standard' is the edition of ISO/IEC 20000-1 the SMS conforms to (its normative
    reference); an integrated management system names its other standards under
    'integrated_with', where the manual lists them with their editions and certificates."""
    found = facts.valid("sms")
    if not found:
        return
    standard = found[0].standard
    rest = _OWN_STANDARD.sub(" ", standard)
    if not _OTHER_STANDARD.search(rest) and _OWN_STANDARD.search(standard):
        return
    report.add(
        facts.field_mark(found[0], "standard"),
        "standard-other",
        f"'standard' of the SMS is '{standard}', which names more than the edition of "
        "ISO/IEC 20000-1 the SMS conforms to, and the normative references would print it as "
        "that edition; keep 'standard' to ISO/IEC 20000-1 and its amendments (such as "
        "ISO/IEC 20000-1:2018 + Amd 1:2024), and name other standards under "
        "sms.integrated_with (standard, edition, certificate, certified_by, shared)",
        "warning",
    )


def _sms_objectives(facts: Facts) -> list[Objective]:
    return [o for o in facts.valid("objectives") if o.kind == "sms"]


def sms_objective_is_measurable(facts: Facts, report: Report) -> None:
    """6.2: an SMS objective says how it is measured and the value to reach."""
    for o in _sms_objectives(facts):
        missing = [n for n in ("metric", "target") if not getattr(o, n)]
        if missing:
            report.add(
                facts.node(o).mark,
                "objective-unmeasurable",
                f"SMS objective '{o.id}' has no {' or '.join(missing)}; "
                "add how it is measured and the value to reach (6.2)",
                "warning",
            )


def sms_objective_supports_the_business(facts: Facts, report: Report) -> None:
    """4.3, 6.2: an SMS objective supports at least one business objective."""
    for o in _sms_objectives(facts):
        if not o.supports:
            report.add(
                facts.node(o).mark,
                "objective-unaligned",
                f"SMS objective '{o.id}' supports no business objective; "
                "list the business objectives it serves in 'supports'",
                "warning",
            )


def supports_names_business_objectives(facts: Facts, report: Report) -> None:
    """6.2: what an SMS objective supports are business objectives, not other SMS ones."""
    kinds = {o.id: o.kind for o in facts.valid("objectives")}
    for o in _sms_objectives(facts):
        for i, target in enumerate(o.supports):
            if kinds.get(target) == "sms":
                report.add(
                    facts.field_mark(o, "supports", i),
                    "ref-kind",
                    f"objective '{o.id}' supports '{target}', an SMS objective; "
                    "'supports' names business objectives",
                )


# -- the scope statement ----------------------------------------------------------------------


def _statement(facts: Facts) -> tuple[str, Mark] | None:
    """The scope statement, lowered, and where it is written."""
    sms = facts.valid("sms")
    if not sms:
        return None
    return sms[0].statement.lower(), facts.field_mark(sms[0], "statement")


def _names(lowered_text: str, service: Service) -> bool:
    for needle in (service.name.lower(), service.id.lower()):
        if needle and re.search(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])", lowered_text):
            return True
    return False


def statement_names_no_excluded_service(facts: Facts, report: Report) -> None:
    """4.3: the scope statement does not name a service that is excluded."""
    statement = _statement(facts)
    if statement is None:
        return
    lowered, mark = statement
    excluded = facts.excluded("service")
    for s in facts.valid("services"):
        if s.id in excluded and _names(lowered, s):
            report.add(
                mark,
                "statement-out-of-scope",
                f"the scope statement names service '{s.name}', which is excluded; "
                "remove it from the statement or withdraw the exclusion",
                "warning",
            )


CATALOGUE_TERMS: Final = {
    "en": (r"service[ -]?catalog(?:ue)?s?", r"catalog(?:ue)?s? of (?:the )?services?"),
    "de": (r"\w*service-?katalog\w*", r"\w*leistungskatalog\w*", r"katalog\w* der services?"),
    "fr": (r"catalogues? d(?:e|es|u) (?:la )?(?:services?|prestations?)",),
    "es": (r"cat[aá]logos? de (?:los )?servicios?",),
    "nl": (r"\w*(?:service|diensten|dienst)catalog(?:us|i)\w*", r"catalogus van (?:de )?diensten"),
}
"""What a scope statement may call the service catalogue, by the language it is written in,
as patterns of lower-case words (any letter case, with the words' inflections and compounds:
'Servicekatalogs', 'IT-dienstencatalogus'): every statement is read for all of them, whatever
the manual's language; the terms of ``sms.catalogue_terms`` are accepted besides these."""
_CATALOGUE_WORD: Final = {
    "en": "service catalogue",
    "de": "Servicekatalog",
    "fr": "catalogue de services",
    "es": "catálogo de servicios",
    "nl": "servicecatalogus",
}
"""The word the finding suggests, in the manual's language."""
_CATALOGUE_LINK: Final = re.compile(r"\]\(\s*<?([^)\s>]+)")
_CATALOGUE_PAGE: Final = re.compile(r"(?:^|/)catalogue(?:/|/index\.md|\.md|/index\.html)?$")


def _said(pattern: str, lowered: str) -> bool:
    """Whether ``lowered`` holds ``pattern`` as whole words, its spaces any white space."""
    spaced = pattern.replace(" ", r"\s+")
    return re.search(r"(?<!\w)" + spaced + r"(?!\w)", lowered) is not None


def refers_to_the_catalogue(statement: str, terms: tuple[str, ...]) -> bool:
    """Whether a scope statement refers to the service catalogue: in the words of any
    language of ``CATALOGUE_TERMS`` or by one of ``terms`` (any letter case, as whole words),
    or by a Markdown link to the catalogue's page (``[catalogue](catalogue/index.md)``)."""
    lowered = statement.lower()
    known = [p for patterns in CATALOGUE_TERMS.values() for p in patterns]
    own = [" ".join(map(re.escape, t.lower().split())) for t in terms if t.strip()]
    if any(_said(pattern, lowered) for pattern in (*known, *own)):
        return True
    for target in _CATALOGUE_LINK.findall(statement):
        path = re.split(r"[#?]", target, maxsplit=1)[0].removeprefix("./").removeprefix("../")
        if _CATALOGUE_PAGE.search(path.lower()):
            return True
    return False


def statement_covers_the_catalogue(facts: Facts, report: Report) -> None:
    """4.3, 8.2.4: the scope statement names every in-scope service or refers to the service
    catalogue, in the words of any language smsdocs knows them in, in any of the words the
    scope data gives for it, or by a link to its page. In a manual whose language smsdocs
    knows no word for the catalogue in, a statement that names neither is not reported:
    it may refer to the catalogue in words no rule can read."""
    sms = facts.valid("sms")
    statement = _statement(facts)
    if statement is None or not sms:
        return
    lowered, mark = statement
    terms = sms[0].catalogue_terms
    if refers_to_the_catalogue(sms[0].statement, terms):
        return
    language = primary(facts.language)
    if language not in CATALOGUE_TERMS:
        return
    unnamed = [s.name for s in facts.in_scope if not _names(lowered, s)]
    if unnamed:
        words = quote_list(
            list(dict.fromkeys(["service catalogue", _CATALOGUE_WORD[language], *terms]))
        )
        report.add(
            mark,
            "statement-incomplete",
            f"the scope statement neither refers to the service catalogue nor names "
            f"{plural(len(unnamed), 'service')} {quote_list(unnamed)}; name them, refer to "
            f"the catalogue as {words}, link to its page ([service catalogue]"
            "(catalogue/index.md)), or give the statement's own word for it under "
            "'sms: catalogue_terms:'",
            "warning",
        )
