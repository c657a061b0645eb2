Feature: The account-activity pipeline feeds each call's answer into the next
  /api/account-activity/{name} runs three calls one after another, each built from
  the previous answer: the CRM user gives the account number, Payments' account
  gives the account to list, and Payments lists its transactions. The answer
  combines the user, the account and the transactions. The pipeline stops at the
  first failing step.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: Mike's user leads to account 123456 and its three transactions
    Given URL path "/api/account-activity/Mike"
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "Mike"
    And path "/user_type" is "RGV"
    And path "/account_no" is "123456"
    And path "/currency" is "EUR"
    And path "/status" is "active"
    And path "/transaction_count" is an integer "3"
    And path "/transactions/0/id" is "TX-9001"
    And path "/transactions/0/amount" is a float "-42.5"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=Mike"
    And backend "payments" received "1" requests to "GET" "/accounts/123456"
    And backend "payments" received "1" requests to "GET" "/accounts/123456/transactions"

  Scenario: Each user gets their own account and transactions
    Given URL path "/api/account-activity/boris"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"
    And path "/account_no" is "777001"
    And path "/currency" is "CHF"
    And path "/transaction_count" is an integer "2"
    And path "/transactions/0/id" is "TX-5501"
    And backend "payments" received "1" requests to "GET" "/accounts/777001/transactions"

  Scenario: The account number the CRM answers with is the one Payments is asked about
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with JSON "{"UserName": "anna", "UserType": "STD", "AccountNumber": "777001"}"
    And URL path "/api/account-activity/anna"
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "anna"
    And path "/account_no" is "777001"
    And path "/currency" is "CHF"
    And backend "payments" received "0" requests to "GET" "/accounts/654321"
    And backend "payments" received "1" requests to "GET" "/accounts/777001"

  Scenario: An unknown user stops the pipeline at the CRM
    Given URL path "/api/account-activity/nobody"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "404"
    And backend "payments" received "0" requests

  Scenario: An account Payments does not know stops the pipeline before the transactions
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with JSON "{"UserName": "ghost", "UserType": "STD", "AccountNumber": "000000"}"
    And URL path "/api/account-activity/ghost"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "payments"
    And path "/backend_status" is an integer "404"
    And path "/kind" is "http_status"
    And backend "payments" received "1" requests to "GET" "/accounts/000000"
    And backend "payments" received "0" requests to "GET" "/accounts/000000/transactions"

  Scenario: An account number that would leave its path segment is never sent
    # `/accounts/..` would be `/` once the URL is normalised.
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with JSON "{"UserName": "mallory", "UserType": "STD", "AccountNumber": ".."}"
    And URL path "/api/account-activity/mallory"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "payments"
    And path "/kind" is "invalid_request"
    And path "/error" is "cannot build the request to backend `payments`"
    And backend "payments" received "0" requests
