-- wrk script for the accept peak: POST /api/v1/messages with a new Idempotency-Key and recipient per request.
-- Usage: wrk -s bench/accept/post.lua http://127.0.0.1:PORT/api/v1/messages -- API_KEY RUN_ID
local threads = {}
-- Globals, not locals: thread:set() and thread:get() reach only a thread's globals.
counter, thread_id, key, run, failed = 0, 0, "", "", 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key, run = args[1], args[2]
end

function request()
  counter = counter + 1
  local n = thread_id * 100000000 + counter
  local body = string.format('{"to":"+1628%d","body":"Bench %d: your order is ready for pick-up."}', 2000000 + n % 7000000, n)
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "wrk-" .. run .. "-" .. n,
  }, body)
end

function response(status)
  if status ~= 202 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format("NON_202 %d\n", f))
end
