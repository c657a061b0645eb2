@serial
Feature: A circuit breaker guards the CRM behind /api/guarded
  /api/guarded/user/{name} reaches the CRM through its own connection, crm_guarded,
  which has no retries and a circuit breaker: three consecutive failed calls open
  it for 2 s. While it is open, callers get a 503 at once and the CRM receives
  nothing, with a Retry-After header. After the 2 s the breaker reads half-open
  (also in /metrics, before any call) and one probe is let through: success closes
  the breaker.
  The breaker is shared by every caller, so these scenarios run alone (@serial),
  and each leaves the breaker closed.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/guarded/user/anna"

  Scenario: A closed breaker lets calls through
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_name": "anna", "user_type": "STD", "account_no": "654321"}"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=anna"

  Scenario: Three failures open the breaker for 2 s, during which the CRM receives nothing from this channel
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "3" times with status "500"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "crm_guarded"
    And path "/backend_status" is an integer "500"
    When the URL is invoked
    Then status is "502"
    When the URL is invoked
    Then status is "502"
    And backend "crm" received "3" requests
    # Open: refused at once and nothing sent, although the CRM would answer 200 by now.
    When the URL is invoked
    Then status is "503"
    And header "Content-Type" contains "application/json"
    And header "Retry-After" exists
    And path "/code" is "circuit_open"
    And path "/kind" is "circuit_open"
    And path "/backend" is "crm_guarded"
    And path "/error" is "circuit breaker for backend `crm_guarded` is open"
    When the URL is invoked
    Then status is "503"
    And backend "crm" received "3" requests
    # The breaker belongs to the crm_guarded connection: the tutorial channel,
    # on the crm connection, still reaches the same CRM.
    Given URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "RGV"
    And backend "crm" received "4" requests
    # After 2 s the breaker reads half-open (2) before any call comes ...
    Given URL path "/metrics"
    And response format "RAW"
    When the URL is invoked
    Then response contains "harness_breaker_state{connection="crm_guarded"} 1"
    When I sleep for "2.1"
    And the URL is invoked
    Then response contains "harness_breaker_state{connection="crm_guarded"} 2"
    # ... then one probe goes through, succeeds, and closes the breaker.
    Given URL path "/api/guarded/user/anna"
    And response format "JSON"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "STD"
    When the URL is invoked
    Then status is "200"
    And backend "crm" received "6" requests

  Scenario: Only consecutive failures count: a success in between keeps the breaker closed
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "2" times with status "500"
    When the URL is invoked
    Then status is "502"
    When the URL is invoked
    Then status is "502"
    When the URL is invoked
    Then status is "200"
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" "2" times with status "500"
    When the URL is invoked
    Then status is "502"
    # Three failures so far, but not in a row: still closed, so this fourth one
    # is sent (and fails) rather than refused.
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    When the URL is invoked
    Then status is "200"
    And backend "crm" received "6" requests
