-- Links and images the exported manual may hold: the rule of smsdocs.sanitise, applied to
-- pandoc's document tree, so it sees every link and image pandoc found, however written
-- (inline, reference, in a quote or a list, entity-encoded), with its address decoded.
--
-- A link may go to an address of a scheme smsdocs.sanitise.LINK_SCHEMES lists (given as the
-- metadata field 'smsdocs-link-schemes', comma-separated, so the rule is written once), or
-- within the manual (the addresses smsdocs itself writes: '#id' for Word; 'smsdocs:id',
-- 'smsdocs-ref:id' and 'smsdocs-anchor:id' for the PDF).
-- An image must be one smsdocs placed (class 'smsdocs-image'). Anything else shows as text.

local WEB = {}
local INTERNAL = { smsdocs = true, ["smsdocs-anchor"] = true, ["smsdocs-ref"] = true }

-- An address as a reader reads it: tabs and newlines dropped, controls and spaces trimmed.
local function address(url)
  return (url:gsub("[\t\n\r]", ""):gsub("^[%z\1-\32]+", ""):gsub("[%z\1-\32]+$", ""))
end

local function allowed(url)
  local cleaned = address(url)
  local scheme, rest = cleaned:match("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$")
  if scheme == nil then
    return cleaned:sub(1, 1) == "#" and cleaned:match("^#[A-Za-z0-9_.:-]*$") ~= nil
  end
  scheme = scheme:lower()
  if WEB[scheme] then
    return true
  end
  return FORMAT ~= "docx" and INTERNAL[scheme] and rest:match("^[A-Za-z0-9_.:-]+$") ~= nil
end

local function schemes(meta)
  local given = meta["smsdocs-link-schemes"]
  if given ~= nil then
    for scheme in pandoc.utils.stringify(given):gmatch("[^,]+") do
      WEB[scheme:lower()] = true
    end
  end
end

local function Link(el)
  if allowed(el.target) then
    return nil
  end
  return pandoc.Span(el.content)
end

local function Image(el)
  for _, class in ipairs(el.classes) do
    if class == "smsdocs-image" then
      return nil
    end
  end
  return pandoc.Span(el.caption)
end

-- A figure whose image was shown as text keeps its caption once, not the words twice.
local function Figure(fig)
  local pictured = false
  fig:walk({ Image = function() pictured = true end })
  if pictured then
    return nil
  end
  local words = pandoc.utils.blocks_to_inlines(#fig.caption.long > 0 and fig.caption.long or fig.content)
  return pandoc.Para(words)
end

return {
  { Meta = schemes },
  { Link = Link, Image = Image, Figure = Figure },
}
