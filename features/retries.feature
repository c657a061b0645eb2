Feature: Calls to the CRM, Billing and Payments are retried on transient failures
  Every call on the crm, billing and payments connections is tried up to three
  times (two retries, 25 ms backoff doubling, with jitter) when the backend answers
  502, 503 or 504, or cannot be reached; after a timeout or a connection that broke
  once the request was sent, only idempotent calls (and the tutorial's balance
  reads, sent as POST but marked `retry_non_idempotent`) are tried again. A backend
  that recovers within those attempts is invisible to the caller; one that does
  not is a 502 naming it, with its last status and the kind of failure, never its
  own error text. Other failures (a 500, a 4xx) are answered at once, without
  retrying.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"

  Scenario: The CRM failing twice and then answering gives the caller a normal answer
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "2" times with status "503"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "RGV"
    And path "/account_no" is "123456"
    And path "/account_balance" is "357.9"
    And backend "crm" received "3" requests to "GET" "/tutorial/api/get-user"
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get"

  Scenario: A later call in the flow is retried too
    Given backend "billing" responds to "POST" "/tutorial/api/balance/get" "1" times with status "502"
    When the URL is invoked
    Then status is "200"
    And path "/account_balance" is "357.9"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user"
    And backend "billing" received "2" requests to "POST" "/tutorial/api/balance/get"

  Scenario Outline: The CRM answering <status> three times exhausts the retries: a 502 naming the CRM
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "<status>" and JSON "{"error": "try later"}"
    When the URL is invoked
    Then status is "502"
    And header "Content-Type" contains "application/json"
    And path "/code" is "backend_error"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "<status>"
    And path "/kind" is "http_status"
    And response does not contain "try later"
    And path "/error" is "backend `crm` answered HTTP <status>"
    And path "/correlation_id" is not empty
    And backend "crm" received "3" requests to "GET" "/tutorial/api/get-user"
    And backend "billing" received "0" requests

    Examples:
      | status |
      | 502    |
      | 503    |
      | 504    |

  Scenario: Billing failing on every attempt is a 502 naming Billing after three attempts
    Given backend "billing" responds to "POST" "/tutorial/api/balance/get" with status "503"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "billing"
    And path "/backend_status" is an integer "503"
    And backend "crm" received "1" requests
    And backend "billing" received "3" requests to "POST" "/tutorial/api/balance/get"

  Scenario: A broken connection on the balance read (a POST marked retry_non_idempotent) is retried like a 503
    Given backend "billing" fails "POST" "/tutorial/api/balance/get" with "connection reset"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "billing"
    And path "/error" is "the connection to backend `billing` broke"
    And path "/kind" is "connection_broken"
    And response does not contain "127.0.0.1"
    And backend "billing" received "3" requests to "POST" "/tutorial/api/balance/get"

  Scenario: A 500 is not among the retried statuses: one attempt, then a 502
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "1" times with status "500"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "500"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user"

  Scenario: A 4xx answer is final: one attempt, then a 502 carrying it
    Given backend "billing" responds to "POST" "/tutorial/api/balance/get" with status "409" and JSON "{"error": "account locked"}"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "billing"
    And path "/backend_status" is an integer "409"
    And path "/kind" is "http_status"
    And response does not contain "account locked"
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get"
