"""The chapter fragments, one module per part of the manual; importing this folder registers
every fragment (``render.context.macro``), in the order the manual presents them."""

from smsdocs.render.chapters import (  # noqa: F401 - imported to register their fragments
    alignment,
    catalogue,
    communicated,
    control,
    dashboard,
    implementation,
    inclusions,
    integrated,
    risks,
    stakeholders,
    statement,
    traceability,
)
