Feature: Values relayed between scenarios (README, 2015)

Scenario: Log in
    Given address "$TARGET"
    Given URL path "@MYAPP_PATH_LOGIN"
    Given HTTP method "POST"
    Given I store "Maria Garca" under "cust_name"
    Given request "demo.json"
    Given JSON Pointer "/customer_id" in request is "#cust_name"
    Given JSON Pointer "/login" in request is "pre-#{cust_name}-@{sample}"
    Given JSON Pointer "/id" in request is a UUID
    When the URL is invoked
    Then I store "/body/login" from response under "cust_login"
    And JSON Pointer "/body/id" isn't empty
    And JSON Pointer "/body/customer/id" is an integer "1"

Scenario: Use the login
    Given address "$TARGET"
    Given URL path "/echo"
    Given HTTP method "POST"
    Given request is "{}"
    Given JSON Pointer "/cust_login" in request is "#cust_login"
    When the URL is invoked
    Then JSON Pointer "/body/cust_login" is "pre-Maria Garca-Hello"
    And header "Content-Type" doesn't contain "xml"
    And JSON Pointer "/method" isn't "GET"
    And JSON Pointer "/method" isn't one of "GET,PUT"
