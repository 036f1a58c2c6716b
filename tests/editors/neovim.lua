-- Real Neovim as the LSP client of `fibf lsp`: open a file with a dangling
-- reference, wait for the diagnostic, jump to a definition in another file,
-- and write what happened to $OUT for neovim.sh to check.
-- Neovim 0.7 (Debian's) has vim.lsp.start_client and buf_attach_client.
local fibf, root, out = vim.env.FIBF, vim.env.WS, vim.env.OUT

local function finish(text)
  local f = assert(io.open(out, "w"))
  f:write(text)
  f:close()
  vim.cmd("qa!")
end

local client = vim.lsp.start_client({
  name = "fibf",
  cmd = { fibf, "lsp" },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = "ws" } },
})
if not client then
  finish("error: the server did not start")
  return
end

vim.cmd("edit " .. root .. "/caps.fibf")
vim.lsp.buf_attach_client(0, client)

local got = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
if not got then
  finish("error: no diagnostics")
  return
end
local d = vim.diagnostic.get(0)[1]
local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
local lines = { string.format("diagnostic %s at %d:%d", code, d.lnum + 1, d.col + 1) }

-- The cursor on `GRM.010.010` in `activity GRM.010.010` (line 3), which is
-- declared in areas.fibf.
vim.api.nvim_win_set_cursor(0, { 3, 13 })
vim.lsp.buf.definition()
local jumped = vim.wait(30000, function()
  return vim.api.nvim_buf_get_name(0):match("areas%.fibf$") ~= nil
end, 50)
if not jumped then
  finish(table.concat(lines, "\n") .. "\nerror: no jump")
  return
end
local pos = vim.api.nvim_win_get_cursor(0)
table.insert(lines, string.format("definition %s at %d:%d",
  vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":t"), pos[1], pos[2] + 1))
local word = vim.fn.expand("<cWORD>")
table.insert(lines, "word " .. word)
finish(table.concat(lines, "\n") .. "\n")
