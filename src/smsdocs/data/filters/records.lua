-- Record tables: a table whose header row holds nothing (one entry's fields, a name and a
-- value a row, as smsdocs writes them) has no header row in the PDF or the DOCX either, as
-- on the site, where each row is headed by its name. pandoc's CommonMark reader keeps the
-- empty row that a pipe table must have; this removes it.

local function empty(row)
  for _, cell in ipairs(row.cells) do
    if #cell.contents > 0 then
      return false
    end
  end
  return true
end

function Table(tbl)
  local rows = tbl.head.rows
  if #rows == 1 and empty(rows[1]) then
    tbl.head.rows = {}
    return tbl
  end
end
