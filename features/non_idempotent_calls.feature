Feature: A call that is not idempotent is never sent twice behind the caller's back
  After a timeout, or a connection that broke once the request was written, the
  backend may have acted on the request already. The harness sends such a call
  again only when its method is idempotent (GET, HEAD, OPTIONS, PUT, DELETE), or
  when the call or its connection says `retry_non_idempotent = true` (the
  tutorial's balance reads). A POST notification is delivered once, and the
  caller learns that it timed out or broke. A connection that could not be made
  at all is retried whatever the method: nothing reached the backend.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: A slow POST notification is delivered once, and the caller gets a 504
    # The CRM's calls may take 2 s; this one takes 2.2 s, and crm retries twice.
    Given backend "crm" delays "POST" "/notifications" by "2200" ms
    And URL path "/api/notify"
    And REST method "POST"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "504"
    And path "/code" is "backend_timeout"
    And path "/backend" is "crm"
    And path "/kind" is "timeout"
    And backend "crm" received "1" requests to "POST" "/notifications"

  Scenario: A POST notification whose connection broke after it was sent is not sent again
    Given backend "billing" fails "POST" "/notifications" with "connection reset"
    And URL path "/api/notify"
    And REST method "POST"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "billing"
    And path "/kind" is "connection_broken"
    And backend "billing" received "1" requests to "POST" "/notifications"

  Scenario: A GET whose connection broke is sent again
    Given backend "crm" fails "GET" "/tutorial/api/get-user" with "connection reset"
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "crm"
    And path "/kind" is "connection_broken"
    And backend "crm" received "3" requests to "GET" "/tutorial/api/get-user"

  Scenario: A failing status the connection retries is retried for a POST too: the backend answered, so nothing was done twice
    Given backend "payments" responds to "POST" "/notifications" "1" times with status "503"
    And URL path "/api/notify"
    And REST method "POST"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "202"
    And path "/delivered/payments" is "queued"
    And backend "payments" received "2" requests to "POST" "/notifications"
