Feature: The Zato tutorial's get-user-details channel
  /tutorial/api/get-user-details (part 1 of the Zato tutorial) takes a user name,
  asks the CRM for the user's type and account number, then asks Billing for the
  account's balance, and answers with the three. Callers need the API key in
  X-API-Key. The name comes from the query string or a JSON body and defaults to
  "partner". As in the tutorial, "any method will work": the channel sets no
  limit on methods (a HEAD is answered without a body).

  # The tutorial's own test, verbatim but for the address.
  Scenario: *** Get User Details ***
    Given address "@services.orchestrator.url"
    Given URL path "/tutorial/api/get-user-details"
    Given REST method "GET"
    Given header "X-API-Key" "abc"
    When the URL is invoked
    Then status is "200"
    And path "/account_balance" is "357.9"
    And path "/account_no" is "123456"
    And path "/user_type" is "RGV"

  Scenario: Without a name the default user "partner" is looked up in the CRM and Billing
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_type": "RGV", "account_no": "123456", "account_balance": "357.9"}"
    And header "Content-Type" contains "application/json"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=partner"
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get?USER=partner"

  Scenario: A GET takes the user name from the query string
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And query string "?name=anna"
    And REST method "GET"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "STD"
    And path "/account_no" is "654321"
    And path "/account_balance" is "1200.50"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=anna"
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get?USER=anna"

  Scenario: A POST takes the user name from the JSON body
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And REST method "POST"
    And format "JSON"
    And header "X-API-Key" "@api_key"
    And path "/name" in request is "boris"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"
    And path "/account_no" is "777001"
    And path "/account_balance" is "99999.00"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=boris"
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get?USER=boris"

  Scenario: A user the CRM does not know is a 502 naming the CRM, and Billing is never asked
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And query string "?name=nobody"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "404"
    And path "/kind" is "http_status"
    And response does not contain "user not found"
    And path "/error" is "backend `crm` answered HTTP 404"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=nobody"
    And backend "billing" received "0" requests

  Scenario Outline: Any method will work: <method> answers the user's details
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And REST method "<method>"
    And header "X-API-Key" "@api_key"
    And query string "?name=anna"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_type": "STD", "account_no": "654321", "account_balance": "1200.50"}"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=anna"

    Examples:
      | method  |
      | GET     |
      | POST    |
      | PUT     |
      | PATCH   |
      | DELETE  |
      | OPTIONS |

  Scenario: Any method will work: a HEAD runs the flow and answers without a body
    Given address "@services.orchestrator.url"
    And URL path "/tutorial/api/get-user-details"
    And REST method "HEAD"
    And header "X-API-Key" "@api_key"
    When the URL is invoked
    Then status is "200"
    And header "X-Correlation-ID" is not empty
    And JSON response does not exist
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=partner"
