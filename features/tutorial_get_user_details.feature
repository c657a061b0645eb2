Feature: The Zato tutorial's get-user-details channel
  /tutorial/api/get-user-details (part 1 of the Zato tutorial) takes a user name,
  asks the CRM for the user's type and account, then asks Billing for the balance,
  and answers with all three. It needs the API key in X-API-Key; the user name comes
  from the query string or a JSON body and defaults to "partner".

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
