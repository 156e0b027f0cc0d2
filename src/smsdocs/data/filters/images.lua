-- An image in running text (words around it, not a figure of its own) as Typst writes it
-- with its description as alt text: pandoc writes none for such an image, and Typst refuses
-- a tagged PDF with an image that has none. Figures keep pandoc's form: the template gives
-- their image the caption as alt text. Runs after links.lua, so every image left is one
-- smsdocs placed.

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function inline_image(el)
  local alt = pandoc.utils.stringify(el.caption)
  if alt == "" then
    alt = "Image"
  end
  local width = el.attributes.width or "100%"
  if not width:match("^%d+%.?%d*%%$") then
    width = "100%"
  end
  return pandoc.RawInline(
    "typst",
    "#box(image(" .. typst_string(el.src) .. ", alt: " .. typst_string(alt) .. ", width: " .. width .. "))"
  )
end

return {
  {
    traverse = "topdown",
    Figure = function(fig)
      return fig, false
    end,
    Image = function(el)
      if FORMAT == "typst" then
        return inline_image(el)
      end
    end,
  },
}
