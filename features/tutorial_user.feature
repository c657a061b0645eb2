Feature: The Zato tutorial's user API
  /api/v1/user (part 2 of the Zato tutorial) takes a user_name, asks the CRM for the
  user's type and account number, asks Payments for that account's balance, and
  answers with all four. When the user's type is listed in the harness's
  fraud_user_types (RGV), it also notifies Fraud detection, fire-and-forget: the
  caller never waits for it. Callers authenticate with HTTP Basic Auth.

  # The tutorial's own test, verbatim but for the address and the password.
  Scenario: *** Call api.user.get-details ***

    Given address "@services.orchestrator.url"
    Given Basic Auth "api" "@api_password"
    Given URL path "/api/v1/user"
    Given format "JSON"
    Given HTTP method "GET"
    Given request is "{}"
    Given path "/user_name" in request is "my.user"

    When the URL is invoked

    Then path "/user_name" is "my.user"
    And path "/user_type" is "RGV"
    And path "/account_no" is "123456"
    And path "/account_balance" is "357.9"
    And status is "200"
    And header "X-Zato-CID" is not empty

  Scenario: X-Zato-CID carries the same correlation id as X-Correlation-ID
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "anna"}"
    When the URL is invoked
    Then status is "200"
    And I store header "X-Correlation-ID" from response under "cid"
    And header "X-Zato-CID" is "#cid"

  Scenario: An RGV user's details come from the CRM and Payments, and Fraud detection is notified
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "my.user"}"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_name": "my.user", "user_type": "RGV", "account_no": "123456", "account_balance": "357.9"}"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=my.user"
    And backend "payments" received "1" requests to "POST" "/balance/get?USER=my.user"
    And backend "payments" received a request with path "/ACC_NUM" is "123456"
    # The notification is sent in the background, after the answer.
    When I sleep for "0.2"
    Then backend "fraud" received "1" requests to "POST" "/fraud/notify"
    And backend "fraud" received a request with path "/user_name" is "my.user"
    And backend "fraud" received a request with path "/account_no" is "123456"
    And backend "fraud" received a request with path "/message" is "User `my.user` accessed `123456`"

  Scenario: A user of another type (STD) is answered without notifying Fraud detection
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "anna"}"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_name": "anna", "user_type": "STD", "account_no": "654321", "account_balance": "1200.50"}"
    And backend "payments" received a request with path "/ACC_NUM" is "654321"
    When I sleep for "0.2"
    Then backend "fraud" received "0" requests

  Scenario: A VIP user is not notified to Fraud detection either
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "boris"}"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"
    And path "/account_balance" is "99999.00"
    When I sleep for "0.2"
    Then backend "fraud" received "0" requests

  Scenario: A failing Fraud detection does not fail the caller's request
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "partner"}"
    And backend "fraud" responds to "POST" "/fraud/notify" with status "500"
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "partner"
    And path "/account_balance" is "357.9"
    When I sleep for "0.2"
    Then backend "fraud" received "1" requests to "POST" "/fraud/notify"

  Scenario: A slow Fraud detection does not delay the caller's answer
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "Mike"}"
    # Slower than the fraud connection's own 1 s timeout: were the notification
    # awaited, the caller would get a 504.
    And backend "fraud" delays "POST" "/fraud/notify" by "1500" ms
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "Mike"
    And path "/user_type" is "RGV"
    And path "/account_balance" is "357.9"
    # Counted on arrival: the notification reached Fraud detection, which has
    # not answered yet.
    When I sleep for "0.2"
    Then backend "fraud" received "1" requests to "POST" "/fraud/notify"

  Scenario: A user the CRM does not know is a 502 naming the CRM; nothing else is called
    Given address "@services.orchestrator.url"
    And URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "@api_user" "@api_password"
    And request is "{"user_name": "nobody"}"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "404"
    And backend "payments" received "0" requests
    When I sleep for "0.2"
    Then backend "fraud" received "0" requests
