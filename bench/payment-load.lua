-- wrk load for bench/payments.sh: posts one Daraja STK success callback for each line of the CALLBACKS
-- file (path,CheckoutRequestID,MerchantRequestID,amount,phone,receipt) to the tenant's callback URL, once.
-- Each thread takes its own share of the lines; a thread out of lines stops (wrk still runs for its whole
-- -d, so the script gives it more lines than it can post). Prints answers by status and
-- p50/p90/p99/p99.9/max as bench/cart-load.lua does.
dofile("bench/load-common.lua") -- setup, lines, response, done (the RESULT line)

function init(args)
  local share = tonumber(os.getenv("THREADS") or "2")
  local all = lines(os.getenv("CALLBACKS"))
  mine = {}
  for i, c in ipairs(all) do
    if (i % share) + 1 == index then mine[#mine + 1] = c end
  end
  next_line, statuses = 0, {}
end

local function take()
  next_line = next_line + 1
  if next_line > #mine then
    wrk.thread:stop()
    next_line = #mine
  end
  return mine[next_line]
end

function request()
  local l = take()
  return wrk.format("POST", l[1], { ["Content-Type"] = "application/json" },
    string.format('{"Body":{"stkCallback":{"MerchantRequestID":"%s","CheckoutRequestID":"%s","ResultCode":0,'
      .. '"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":['
      .. '{"Name":"Amount","Value":%s},{"Name":"MpesaReceiptNumber","Value":"%s"},{"Name":"Balance"},'
      .. '{"Name":"TransactionDate","Value":20261206120000},{"Name":"PhoneNumber","Value":%s}]}}}}',
      l[3], l[2], l[4], l[6], l[5]))
end
