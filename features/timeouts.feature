Feature: Per-call timeouts and the channel's total timeout
  Each connection gives every attempt a time limit (crm, billing, payments: 2 s,
  retried; fraud: 1 s, not retried), and each channel gives the whole flow a budget
  (5 s on the shipped channels). A required call that runs out of time is a 504
  naming its backend; an optional one degrades to null; a flow that runs out of
  budget is a 504 naming the channel, whatever its calls were doing.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: A required call slower than its connection's timeout is a 504 naming the backend
    # Fraud detection gets 1 s per call and no retries; here it takes 1.2 s.
    Given backend "fraud" delays "POST" "/notifications" by "1200" ms
    And URL path "/api/notify"
    And REST method "POST"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "504"
    And header "Content-Type" contains "application/json"
    And path "/code" is "backend_timeout"
    And path "/backend" is "fraud"
    And path "/error" is "backend `fraud` did not answer in time"
    And backend "fraud" received "1" requests to "POST" "/notifications"

  Scenario: An optional call slower than its timeout degrades to null
    Given backend "fraud" delays "GET" "/api/risk/C-1001" by "1200" ms
    And URL path "/api/customer/C-1001/dashboard"
    When the URL is invoked
    Then status is "200"
    And path "/risk_score" is null
    And path "/customer/name" is "Alice Martin"
    And path "/recommendations" is not an empty list
    And backend "fraud" received "1" requests to "GET" "/api/risk/C-1001"

  Scenario: Calls each within their own timeout but together over the budget are a 504 naming the channel
    # Three calls one after another, 1.7 s each: 5.1 s, over the 5 s budget.
    Given backend "crm" delays "GET" "/tutorial/api/get-user" by "1700" ms
    And backend "payments" delays "GET" "/accounts/123456" by "1700" ms
    And backend "payments" delays "GET" "/accounts/123456/transactions" by "1700" ms
    And URL path "/api/account-activity/Mike"
    When the URL is invoked
    Then status is "504"
    And path "/code" is "timeout"
    And path "/timeout_ms" is an integer "5000"
    And path "/error" is "channel `account-activity` did not finish within 5000 ms"
    And path "/correlation_id" is not empty
    And backend "crm" received "1" requests
    And backend "payments" received "1" requests to "GET" "/accounts/123456"

  Scenario: Timed-out attempts are retried until the channel's budget runs out
    # Each CRM attempt times out after 2 s; the third starts at about 4 s and
    # the 5 s budget ends it.
    Given backend "crm" delays "GET" "/tutorial/api/get-user" by "2500" ms
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "504"
    And path "/code" is "timeout"
    And path "/error" is "channel `get-user-details` did not finish within 5000 ms"
    And backend "crm" received "3" requests to "GET" "/tutorial/api/get-user"
    And backend "billing" received "0" requests

  Scenario: A timed-out attempt is retried, and the retry succeeds
    # The first CRM attempt takes longer than its 2 s limit; the second is
    # answered at once.
    Given backend "crm" delays "GET" "/tutorial/api/get-user" "1" times by "2300" ms
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And path "/account_balance" is "357.9"
    And backend "crm" received "2" requests to "GET" "/tutorial/api/get-user"
    And backend "billing" received "1" requests
