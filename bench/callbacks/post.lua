-- wrk script for the callback peak: replays signed status callbacks made beforehand by `LoadGen sign`
-- (wrk's Lua has no HMAC-SHA1), one per line: "signature TAB idempotency-token TAB form body".
-- Usage: wrk -s bench/callbacks/post.lua http://127.0.0.1:PORT/twilio/status -- FILE THREADS
-- Thread i sends lines i, i + THREADS, ...; past the end of the file it starts again (replays: answered 200, unchanged).
threads = {}
thread_id, requests_made, failed, wrapped = 0, 0, 0, 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  lines = {}
  local i = 0
  for line in io.lines(file) do
    if i % count == thread_id - 1 then
      local sig, token, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(lines, wrk.format("POST", nil, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = sig,
        ["I-Twilio-Idempotency-Token"] = token,
      }, body))
    end
    i = i + 1
  end
end

function request()
  requests_made = requests_made + 1
  if requests_made > #lines then wrapped = 1 end
  return lines[(requests_made - 1) % #lines + 1]
end

function response(status)
  if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local f, w = 0, 0
  for _, t in ipairs(threads) do
    f = f + t:get("failed")
    w = w + t:get("wrapped")
  end
  io.write(string.format("NON_200 %d\nWRAPPED %d\n", f, w))
end
