@serial
Feature: A caller's own X-Correlation-ID is kept end to end
  A caller that sends its own X-Correlation-ID gets it back in the response header
  and in error bodies, and every backend receives it. An unusable id (empty, over
  200 characters, or with characters other than visible ASCII) is replaced by a
  generated one. These scenarios replace the runner's per-scenario id, so they run
  alone (@serial) and backend counts cover every request.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"

  Scenario: The caller's id is echoed and reaches every backend
    Given header "X-Correlation-ID" "order-7781-trace"
    When the URL is invoked
    Then status is "200"
    And header "X-Correlation-ID" is "order-7781-trace"
    And path "/account_balance" is "357.9"
    And backend "crm" received "1" requests
    And backend "crm" received header "X-Correlation-ID" is "order-7781-trace"
    And backend "billing" received "1" requests
    And backend "billing" received header "X-Correlation-ID" is "order-7781-trace"

  Scenario: The caller's id is in the error body
    Given header "X-Correlation-ID" "order-7782-trace"
    And query string "?name=nobody"
    When the URL is invoked
    Then status is "502"
    And header "X-Correlation-ID" is "order-7782-trace"
    And path "/correlation_id" is "order-7782-trace"
    And backend "crm" received header "X-Correlation-ID" is "order-7782-trace"

  Scenario: An id with spaces is replaced by a generated one, which the backends receive
    Given header "X-Correlation-ID" "not a usable id"
    When the URL is invoked
    Then status is "200"
    And header "X-Correlation-ID" is not "not a usable id"
    And header "X-Correlation-ID" is not empty
    And backend "crm" received "1" requests
    And backend "crm" received header "X-Correlation-ID"
