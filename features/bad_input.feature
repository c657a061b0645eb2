Feature: Bad requests are answered with a 4xx JSON error and reach no backend
  Channels declare their input: /api/v1/user needs a string user_name; the
  tutorial channel takes an optional string name; /api/notify needs a string
  message. A body that is not a JSON object, a missing required field or a value of
  the wrong type is a 400 naming the problem (and the field, when there is one).
  Paths without a channel are a 404, methods a channel does not accept a 405 with
  Allow. All carry the JSON error shape: error, code, correlation_id.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: The user API without a user_name is a 400 naming the field
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"name": "my.user"}"
    When the URL is invoked
    Then status is "400"
    And header "Content-Type" contains "application/json"
    And path "/code" is "bad_input"
    And path "/field" is "user_name"
    And path "/error" is "missing required input `user_name`"
    And path "/correlation_id" is not empty
    And backend "crm" received "0" requests
    And backend "payments" received "0" requests

  Scenario: A null user_name counts as missing
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": null}"
    When the URL is invoked
    Then status is "400"
    And path "/field" is "user_name"

  Scenario: A user_name that is not a string is a 400
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And path "/user_name" in request is an integer "7"
    When the URL is invoked
    Then status is "400"
    And path "/code" is "bad_input"
    And path "/field" is "user_name"
    And path "/error" is "input `user_name` must be a string"
    And backend "crm" received "0" requests

  Scenario: A body that is not JSON is a 400
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And format "RAW"
    And request is "user_name=my.user"
    And response format "JSON"
    When the URL is invoked
    Then status is "400"
    And header "Content-Type" contains "application/json"
    And path "/code" is "bad_input"
    And path "/error" starts with "the request body is not valid JSON"
    And backend "crm" received "0" requests

  Scenario: A JSON body that is not an object is a 400
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "["my.user"]"
    When the URL is invoked
    Then status is "400"
    And path "/code" is "bad_input"
    And path "/error" is "the request body must be a JSON object"

  Scenario: The tutorial channel's name must be a string
    Given URL path "/tutorial/api/get-user-details"
    And REST method "POST"
    And header "X-API-Key" "@api_key"
    And path "/name" in request is True
    When the URL is invoked
    Then status is "400"
    And path "/field" is "name"
    And path "/error" is "input `name` must be a string"
    And backend "crm" received "0" requests

  Scenario: A notification without a message is a 400 and no backend is notified
    Given URL path "/api/notify"
    And REST method "POST"
    And request is "{}"
    When the URL is invoked
    Then status is "400"
    And path "/field" is "message"
    And path "/error" is "missing required input `message`"
    And backend "crm" received "0" requests
    And backend "billing" received "0" requests
    And backend "payments" received "0" requests
    And backend "fraud" received "0" requests

  Scenario: A path without a channel is a 404
    Given URL path "/api/v2/user"
    When the URL is invoked
    Then status is "404"
    And path "/code" is "not_found"
    And path "/error" is "no channel at `/api/v2/user`"

  Scenario: A method the channel does not accept is a 405 listing the accepted ones
    Given URL path "/api/notify"
    When the URL is invoked
    Then status is "405"
    And header "Allow" is "POST"
    And path "/code" is "method_not_allowed"
    And path "/error" is "`/api/notify` accepts POST"
    And backend "crm" received "0" requests
