Feature: A health check of every service, with a fallback for each failure
  The pattern guide's health check: GET /api/services/health asks the health
  endpoint of HR, the LMS, the Orders API and the Customer API at once, without
  retries. A service that fails does not fail the check: its entry is the
  fallback {"status": "down", "kind": ...} instead of null.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/services/health"

  Scenario: Every service answers
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"services": {"hr": {"status": "ok"}, "lms": {"status": "ok"}, "orders": {"status": "ok"}, "customers": {"status": "ok"}}}"

  Scenario: A service answering an error is down, with the kind of failure
    Given backend "workplace" responds to "GET" "/lms/health" with status "503"
    When the URL is invoked
    Then status is "200"
    And path "/services/lms" is JSON "{"status": "down", "kind": "http_status"}"
    And path "/services/hr/status" is "ok"
    And backend "workplace" received "1" requests to "GET" "/lms/health"

  Scenario: A service whose connection breaks is down too
    Given backend "commerce" fails "GET" "/orders-api/health" with "connection reset"
    When the URL is invoked
    Then status is "200"
    And path "/services/orders" is JSON "{"status": "down", "kind": "connection_broken"}"
    And path "/services/customers/status" is "ok"

  Scenario: A slow service is down with kind timeout
    Given backend "commerce" delays "GET" "/customer-api/health" by "2200" ms
    When the URL is invoked
    Then status is "200"
    And path "/services/customers" is JSON "{"status": "down", "kind": "timeout"}"
