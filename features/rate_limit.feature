Feature: The limited channel refuses callers over their quota with 429 and Retry-After
  /api/limited/user-type/{name} accepts two requests per caller, then one more
  every 2.5 s. A request over the quota is answered 429 at once, with a
  Retry-After header (whole seconds) and a JSON error, and never reaches the CRM.
  The quota is kept per caller (here the client address); the suite runs the
  harness in test mode, where each X-Correlation-ID (each scenario) also has its
  own quota. Without test mode a new X-Correlation-ID changes nothing (see
  caller_identity.feature).

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/limited/user-type/anna"

  Scenario: Two requests pass and the third is a 429 with Retry-After, without reaching the CRM
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_name": "anna", "user_type": "STD"}"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "429"
    And header "Retry-After" is "3"
    And header "Content-Type" contains "application/json"
    And header "X-Correlation-ID" is not empty
    And path "/code" is "rate_limited"
    And path "/retry_after" is an integer "3"
    And path "/error" is "rate limit of channel `limited` exceeded"
    And backend "crm" received "2" requests to "GET" "/tutorial/api/get-user?UserName=anna"

  Scenario: In test mode each correlation id has its own quota
    # Another scenario's correlation id uses up its quota ...
    Given header "X-Correlation-ID" "rate-limit-other-caller"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "200"
    When the URL is invoked
    Then status is "429"
    # ... and this scenario's quota is untouched.
    Given context is cleaned up
    And address "@services.orchestrator.url"
    And URL path "/api/limited/user-type/boris"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"
    When the URL is invoked
    Then status is "200"
    And backend "crm" received "2" requests
