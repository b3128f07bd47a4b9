-- Runs inside `nvim --headless --clean -u NONE` (Debian's 0.7.2: no vim.lsp.start).
-- Starts the Serverless Guard language server as a plain LSP client would, opens the
-- fixture, and records what the server said as JSON in $SG_E2E_OUT. The outer test
-- (neovim.test.mjs) does the asserting. Exits 0 after writing, 3 if it could not.
local env = function(k)
  local v = os.getenv(k)
  assert(v and v ~= '', 'missing env ' .. k)
  return v
end
local OUT, NODE, SERVER, FILE, ROOT, RULE =
  env('SG_E2E_OUT'), env('SG_E2E_NODE'), env('SG_E2E_SERVER'), env('SG_E2E_FILE'), env('SG_E2E_ROOT'), env('SG_E2E_RULE')
local WAIT = tonumber(os.getenv('SG_E2E_WAIT_MS') or '20000')

local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch, steps = {} }
local function step(name) table.insert(result.steps, name) end

local function finish()
  local f = io.open(OUT, 'w')
  if not f then vim.cmd('cquit 3') return end
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local id
local ok, err = pcall(function()
  vim.cmd('filetype on')
  local raw = {} -- uri -> LSP diagnostics exactly as published
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local stderr = {}
  id = vim.lsp.start_client({
    name = 'serverless-guard',
    cmd = { NODE, SERVER, '--stdio' },
    root_dir = ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(ROOT), name = 'workspace' } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, params, ctx, config)
        raw[params.uri] = params.diagnostics
        result.publishCount = (result.publishCount or 0) + 1
        return default_publish(e, params, ctx, config)
      end,
    },
    on_exit = function(code, signal) result.serverExit = { code = code, signal = signal } end,
  })
  assert(id, 'vim.lsp.start_client returned nil')
  step('started')

  vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].filetype == '' then vim.bo[bufnr].filetype = 'yaml' end
  result.filetype = vim.bo[bufnr].filetype
  assert(vim.lsp.buf_attach_client(bufnr, id), 'buf_attach_client failed')
  local uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri

  local function rule_diags()
    local out = {}
    for _, d in ipairs(raw[uri] or {}) do
      if tostring(d.code) == RULE then table.insert(out, d) end
    end
    return out
  end

  result.initialized = vim.wait(WAIT, function()
    local c = vim.lsp.get_client_by_id(id)
    return c ~= nil and c.initialized == true
  end, 50)
  result.gotRule = vim.wait(WAIT, function() return #rule_diags() > 0 end, 100)
  result.diagnostics = raw[uri] or {}
  local vd = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(vd, { lnum = d.lnum, col = d.col, severity = d.severity, source = d.source, code = d.code, message = d.message })
  end
  result.vimDiagnostics = vd
  step('diagnostics')
  if not result.gotRule then return end

  -- Code actions at the finding, with the finding in the context (as :lua vim.lsp.buf.code_action() sends).
  local d = rule_diags()[1]
  local client = vim.lsp.get_client_by_id(id)
  local resp, rerr = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = d.range,
    context = { diagnostics = { d } },
  }, 10000, bufnr)
  if not resp then
    result.codeActionError = tostring(rerr)
  elseif resp.err then
    result.codeActionError = vim.inspect(resp.err)
  else
    local actions = {}
    for _, a in ipairs(resp.result or {}) do
      local codes = {}
      for _, ad in ipairs(a.diagnostics or {}) do table.insert(codes, tostring(ad.code)) end
      table.insert(actions, { title = a.title, kind = a.kind, hasEdit = a.edit ~= nil, hasCommand = a.command ~= nil, diagnosticCodes = codes })
    end
    result.codeActions = actions
  end
  step('codeActions')

  -- Type over the wildcard (incremental didChange), then undo.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s, e = line:find("Action:%s*'%*'")
    if s then
      local q = line:find("'%*'", s)
      vim.api.nvim_buf_set_text(bufnr, i - 1, q - 1, i - 1, q + 2, { "'s3:GetObject'" })
      result.editedLine = vim.api.nvim_buf_get_lines(bufnr, i - 1, i, false)[1]
      break
    end
  end
  result.goneAfterEdit = vim.wait(WAIT, function() return #rule_diags() == 0 end, 100)
  result.diagnosticsAfterEdit = raw[uri] or {}
  vim.cmd('silent undo')
  result.backAfterUndo = vim.wait(WAIT, function() return #rule_diags() > 0 end, 100)
  step('edit')
end)
if not ok then result.error = tostring(err) end

-- Always shut the server down (shutdown + exit), and record how it went.
if id then
  pcall(vim.lsp.stop_client, id)
  vim.wait(5000, function() return result.serverExit ~= nil end, 50)
  if not result.serverExit then pcall(vim.lsp.stop_client, id, true) end
end
finish()
