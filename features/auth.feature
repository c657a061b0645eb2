Feature: Channels refuse callers without the right credentials
  The tutorial channel wants the API key in X-API-Key; /api/v1/user wants HTTP
  Basic Auth (user "api", the password from HARNESS_API_PASSWORD). Missing or wrong
  credentials are a 401 with a JSON error, before anything else is looked at, and
  no backend is called. Basic Auth refusals carry a WWW-Authenticate challenge.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: The tutorial channel without an API key is a 401
    Given URL path "/tutorial/api/get-user-details"
    When the URL is invoked
    Then status is "401"
    And header "Content-Type" contains "application/json"
    And path "/code" is "unauthorized"
    And path "/error" is "missing API key header `X-API-Key`"
    And path "/correlation_id" is not empty
    And header "WWW-Authenticate" does not exist
    And backend "crm" received "0" requests
    And backend "billing" received "0" requests

  Scenario: The tutorial channel with a wrong API key is a 401
    Given URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "abd"
    When the URL is invoked
    Then status is "401"
    And path "/code" is "unauthorized"
    And path "/error" is "invalid API key in header `X-API-Key`"
    And backend "crm" received "0" requests

  Scenario: The API key must be in X-API-Key, not in another header
    Given URL path "/tutorial/api/get-user-details"
    And header "Authorization" "abc"
    When the URL is invoked
    Then status is "401"
    And path "/error" is "missing API key header `X-API-Key`"

  Scenario: The user API without credentials is a 401 with a Basic challenge
    Given URL path "/api/v1/user"
    And REST method "POST"
    And request is "{"user_name": "my.user"}"
    When the URL is invoked
    Then status is "401"
    And header "WWW-Authenticate" is "Basic realm="harness""
    And path "/code" is "unauthorized"
    And path "/error" is "missing or malformed Basic credentials"
    And backend "crm" received "0" requests
    And backend "payments" received "0" requests
    And backend "fraud" received "0" requests

  Scenario Outline: The user API with Basic Auth using <case> is a 401
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "<user>" "<password>"
    And request is "{"user_name": "my.user"}"
    When the URL is invoked
    Then status is "401"
    And header "WWW-Authenticate" is "Basic realm="harness""
    And path "/code" is "unauthorized"
    And path "/error" is "invalid user name or password"
    And backend "crm" received "0" requests
    And backend "payments" received "0" requests

    Examples:
      | case                                               | user  | password        |
      | a wrong password                                   | api   | wrong           |
      | the default password HARNESS_API_PASSWORD replaced | api   | secret          |
      | another user name                                  | admin | tutorial-secret |
      | an empty password                                  | api   |                 |

  Scenario: The user API password comes from HARNESS_API_PASSWORD
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "api" "@api_password"
    And request is "{"user_name": "anna"}"
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "anna"

  Scenario: Credentials are checked before the input: no credentials and no body is still a 401
    Given URL path "/api/v1/user"
    And REST method "POST"
    When the URL is invoked
    Then status is "401"
    And path "/code" is "unauthorized"

  Scenario: Credentials of one channel do not open another
    Given URL path "/tutorial/api/get-user-details"
    And Basic Auth "api" "@api_password"
    When the URL is invoked
    Then status is "401"
    And path "/code" is "unauthorized"
