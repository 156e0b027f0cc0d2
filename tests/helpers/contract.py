"""The scope contract as the tests read it: every model class, YAML read as an editor reads it,
and an implementation plan for the minimal project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from smsdocs import model
from smsdocs.schema import fields_of


class JsonLikeLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does: dates stay strings."""


JsonLikeLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_sees(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=JsonLikeLoader)


def model_classes() -> list[type]:
    seen: list[type] = []
    todo: list[type] = [model.Scope]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        todo.extend(s.item for s in fields_of(cls).values() if s.item is not None)
    return seen


PROCESSES = [
    "p8-2-2", "p8-2-4", "p8-2-5", "p8-2-6", "p8-3-2", "p8-3-3", "p8-3-4", "p8-4-1", "p8-4-2",
    "p8-4-3", "p8-5-1", "p8-5-2", "p8-5-3", "p8-6-1", "p8-6-2", "p8-6-3", "p8-7-1", "p8-7-2",
    "p8-7-3",
]  # fmt: skip

PLAN = f"""\
implementation:
  approach: process-subsets
  business_case: {{sponsor: boss, summary: Customers ask for certification., benefits: [tenders]}}
  baseline: {{date: 2025-01-10, method: interviews, assessor: Sam Manager}}
  maturity:
    - {{process: p8-6-1, baseline: 2, target: 4}}
  phases:
    - id: ph1
      name: Foundations
      start: 2025-02-01
      end: 2025-08-31
      processes: [{", ".join(PROCESSES[:10])}]
      status: complete
    - id: ph2
      name: Operation
      start: 2025-09-01
      end: 2026-06-30
      processes: [{", ".join(PROCESSES[10:])}]
      status: in-progress
  milestones:
    - {{id: m-ia, name: Internal audit, kind: internal-audit, date: 2026-03-01}}
    - {{id: m-mr, name: Management review, kind: management-review, date: 2026-03-15}}
    - {{id: m-s1, name: Stage 1, kind: stage-1, date: 2026-04-20}}
    - {{id: m-s2, name: Stage 2, kind: stage-2, date: 2026-06-10}}
"""
