Feature: Every request is traced by its X-Correlation-ID
  The harness takes the caller's X-Correlation-ID (or makes one up), sends it with
  every backend call of the flow, retries included, echoes it in the response
  header and puts it in every JSON error body. The runner sends each scenario's own
  id, so the per-scenario backend counts below only see requests that carried it.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: A successful response carries the X-Correlation-ID header
    Given URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And header "X-Correlation-ID" is not empty

  Scenario: Every backend of a flow receives the scenario's id, the fire-and-forget notification too
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "my.user"}"
    When the URL is invoked
    Then status is "200"
    And header "X-Correlation-ID" is not empty
    And backend "crm" received "1" requests
    And backend "crm" received header "X-Correlation-ID"
    And backend "payments" received "1" requests
    And backend "payments" received header "X-Correlation-ID"
    When I sleep for "0.2"
    Then backend "fraud" received "1" requests
    And backend "fraud" received header "X-Correlation-ID"

  Scenario: The error body, the response header and every backend carry the same id
    # Payments fails last, so every other delivery has been sent by then.
    Given backend "payments" responds to "POST" "/notifications" with status "500"
    And backend "payments" delays "POST" "/notifications" by "200" ms
    And URL path "/api/notify"
    And REST method "POST"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "502"
    And I store "/correlation_id" from response under "cid"
    And header "X-Correlation-ID" is "#cid"
    And backend "payments" received header "X-Correlation-ID" is "#cid"
    And backend "crm" received header "X-Correlation-ID" is "#cid"
    And backend "billing" received header "X-Correlation-ID" is "#cid"
    And backend "fraud" received header "X-Correlation-ID" is "#cid"

  Scenario: Every retry of a call carries the same id
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "503"
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "502"
    And I store "/correlation_id" from response under "cid"
    And header "X-Correlation-ID" is "#cid"
    And backend "crm" received "3" requests
    And backend "crm" received header "X-Correlation-ID" is "#cid"

  Scenario: Refused requests carry the id as well
    Given URL path "/tutorial/api/get-user-details"
    When the URL is invoked
    Then status is "401"
    And I store "/correlation_id" from response under "cid"
    And header "X-Correlation-ID" is "#cid"
