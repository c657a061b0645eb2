Feature: A channel reads its body in its own data format, whatever the Content-Type says
  Channels take JSON (their `data_format`, as Zato's channels do). A JSON body is
  read as JSON however it is labelled: curl's `-d` calls it a form. A body that is
  not JSON is refused with a 400 naming the problem; it is never ignored, so a
  request never silently runs with the default values instead of the caller's.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And REST method "POST"
    And header "X-API-Key" "@api_key"
    And format "RAW"

  Scenario: A JSON body labelled as a form is read as JSON: anna's details, not the default user's
    Given header "Content-Type" "application/x-www-form-urlencoded"
    And request is "{"name":"anna"}"
    And response format "JSON"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "STD"
    And path "/account_no" is "654321"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=anna"
    And backend "crm" received "0" requests to "GET" "/tutorial/api/get-user?UserName=partner"

  Scenario: A JSON body labelled as text is read as JSON
    Given header "Content-Type" "text/plain"
    And request is "{"name": "boris"}"
    And response format "JSON"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"

  Scenario: A JSON body without a Content-Type is read as JSON
    Given request is "{"name": "anna"}"
    And response format "JSON"
    When the URL is invoked
    Then status is "200"
    And path "/account_balance" is "1200.50"

  Scenario: A form body sent to a JSON channel is a 400, not a request for the default user
    Given header "Content-Type" "application/x-www-form-urlencoded"
    And request is "name=anna"
    And response format "JSON"
    When the URL is invoked
    Then status is "400"
    And path "/code" is "bad_input"
    And path "/error" starts with "the request body is not valid JSON"
    And backend "crm" received "0" requests
