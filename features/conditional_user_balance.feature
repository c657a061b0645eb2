Feature: The user-balance channel picks the balance's source by user type
  /api/user-balance/{name} asks the CRM for the user, then runs exactly one of two
  calls, like an if / else: RGV and VIP users (payments_user_types in harness.toml)
  have their balance read from Payments, by account number; everyone else from
  Billing. The answer says which source gave the balance.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: A VIP user's balance comes from Payments and Billing is not called
    Given URL path "/api/user-balance/boris"
    When the URL is invoked
    Then status is "200"
    And path "/user_name" is "boris"
    And path "/user_type" is "VIP"
    And path "/account_balance" is "99999.00"
    And path "/from_payments" is "99999.00"
    And path "/from_billing" is null
    And backend "payments" received "1" requests to "POST" "/balance/get?USER=boris"
    And backend "payments" received a request with path "/ACC_NUM" is "777001"
    And backend "billing" received "0" requests

  Scenario: An RGV user's balance comes from Payments too
    Given URL path "/api/user-balance/partner"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "RGV"
    And path "/account_balance" is "357.9"
    And path "/from_payments" is "357.9"
    And path "/from_billing" is null
    And backend "billing" received "0" requests

  Scenario: A standard user's balance comes from Billing and Payments is not called
    Given URL path "/api/user-balance/anna"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "STD"
    And path "/account_balance" is "1200.50"
    And path "/from_billing" is "1200.50"
    And path "/from_payments" is null
    And backend "billing" received "1" requests to "POST" "/tutorial/api/balance/get?USER=anna"
    And backend "payments" received "0" requests

  Scenario: The branch follows the type the CRM answers with
    Given backend "crm" responds to "GET" "/tutorial/api/get-user" with JSON "{"UserName": "anna", "UserType": "VIP", "AccountNumber": "654321"}"
    And backend "payments" responds to "POST" "/balance/get" with JSON "{"ACC_BALANCE": "5.00"}"
    And URL path "/api/user-balance/anna"
    When the URL is invoked
    Then status is "200"
    And path "/user_type" is "VIP"
    And path "/from_payments" is "5.00"
    And path "/from_billing" is null
    And backend "payments" received a request with path "/ACC_NUM" is "654321"
    And backend "billing" received "0" requests

  Scenario: An unknown user is a 502 naming the CRM and neither branch runs
    Given URL path "/api/user-balance/nobody"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "crm"
    And path "/backend_status" is an integer "404"
    And backend "payments" received "0" requests
    And backend "billing" received "0" requests
