-- Drives valuetask-clangd from Neovim's built-in LSP client (headless), as a
-- user's editor would, and records what Neovim shows. Run by nvim_test.py,
-- with docs/editors.md's Neovim 0.7 snippet as init.lua:
--
--   VT_FILE=.../tasks.cpp VT_FIXED=.../tasks.cpp.fixed VT_OUT=out.json \
--   nvim --headless -n -i NONE -u init.lua -c 'luafile nvim_client.lua'
--
-- Writes VT_OUT: {"client": {...}, "opened": [diagnostics], "fixed": [diagnostics], "error": ...}
-- and quits; every wait has a deadline.

local out = { client = nil, opened = nil, fixed = nil, error = nil }

local function finish()
  local f = io.open(vim.env.VT_OUT, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qall!')
end

local function snapshot(bufnr)
  local result = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result, {
      lnum = d.lnum, col = d.col, message = d.message, source = d.source,
      code = d.code or lsp.code, related = lsp.relatedInformation or vim.NIL,
    })
  end
  return result
end

local ok, err = pcall(function()
  local file = vim.env.VT_FILE
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  -- The init.lua under test (docs/editors.md's snippet) attached the client
  -- from its FileType autocommand when the buffer was opened.
  local client_id
  vim.wait(10000, function()
    for id, _ in pairs(vim.lsp.buf_get_clients(bufnr)) do client_id = id end
    return client_id ~= nil
  end, 50)
  assert(client_id, 'init.lua attached no LSP client to ' .. file)
  local client = vim.lsp.get_client_by_id(client_id)
  out.client = { name = client.name, cmd = client.config.cmd, root_dir = client.config.root_dir }

  -- Wait until clangd published for this buffer (the diagnostics settle).
  local want = tonumber(vim.env.VT_EXPECTED)
  if not vim.wait(90000, function() return #vim.diagnostic.get(bufnr) >= want end, 100) then
    error('timed out waiting for ' .. want .. ' diagnostics, got ' .. #vim.diagnostic.get(bufnr))
  end
  vim.wait(1000) -- a late, extra diagnostic would show up here
  out.opened = snapshot(bufnr)

  -- Edit the buffer into the fixed code: Neovim sends didChange itself.
  local fixed = vim.fn.readfile(vim.env.VT_FIXED)
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, fixed)
  if not vim.wait(90000, function() return #vim.diagnostic.get(bufnr) == 0 end, 100) then
    error('diagnostics did not clear after the fix: ' .. #vim.diagnostic.get(bufnr) .. ' left')
  end
  out.fixed = snapshot(bufnr)

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 100)
end)
if not ok then out.error = tostring(err) end
finish()
