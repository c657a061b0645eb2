Feature: The seeds' own example requests work as the seeds write them
  Each scenario sends one request from the Zato guides and tutorials exactly as
  curl sends it, but for the address: curl's User-Agent and `Accept: */*`, and
  with `-d` the body as written, labelled `application/x-www-form-urlencoded`
  whatever it holds. Channels read their body in their own data format (JSON, as
  Zato's channels do), so a JSON body labelled as a form is still read as JSON.

  Background:
    Given address "@services.orchestrator.url"
    And user agent is "curl/7.81.0"
    And header "Accept" "*/*"

  # Orchestrating multiple APIs:  curl http://localhost:11223/api/employee/EMP-001
  Scenario: curl http://localhost:11223/api/employee/EMP-001
    Given URL path "/api/employee/EMP-001"
    When the URL is invoked
    Then status is "200"
    And path "/employee/name" is "Anna Kowalska"
    And path "/employee/email" is "anna.kowalska@example.com"
    And path "/has_access_card" is True
    And path "/access_card/card_id" is "AC-7781"
    And backend "workplace" received "1" requests to "GET" "/hr/employees/EMP-001"
    And backend "workplace" received "1" requests to "GET" "/access/cards?email=anna.kowalska%40example.com"

  # Orchestrating multiple APIs:  curl http://localhost:11223/api/customer/CUST-123/dashboard
  Scenario: curl http://localhost:11223/api/customer/CUST-123/dashboard
    Given URL path "/api/customer/CUST-123/dashboard"
    When the URL is invoked
    Then status is "200"
    And path "/customer" is JSON "{"id": "CUST-123", "name": "Chen Wei", "email": "chen.wei@example.com", "tier": "silver", "since": "2019-04-02"}"
    And path "/summary/total_orders" is an integer "6"
    And path "/summary/open_tickets" is an integer "2"
    And path "/summary/account_balance" is a float "-20.5"
    And path "/recent_tickets/2/id" is "T-577"
    And path "/recent_tickets/3" does not exist

  # Calling external REST APIs:  curl http://localhost:11223/api/customer
  Scenario: curl http://localhost:11223/api/customer
    Given URL path "/api/customer"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"customer_id": "12345", "name": "Maria Garcia", "email": "maria.garcia@example.com"}"
    And backend "commerce" received header "Authorization" is "Bearer customer-token"

  # Calling external REST APIs:
  #   curl -X POST http://localhost:11223/api/orders \
  #     -d '{"customer_id": "12345", "items": [{"sku": "ABC-001", "quantity": 2}]}'
  Scenario: curl -X POST http://localhost:11223/api/orders -d '{"customer_id": "12345", ...}'
    Given URL path "/api/orders"
    And REST method "POST"
    And format "RAW"
    And header "Content-Type" "application/x-www-form-urlencoded"
    And request is "{"customer_id": "12345", "items": [{"sku": "ABC-001", "quantity": 2}]}"
    And response format "JSON"
    When the URL is invoked
    Then status is "201"
    And path "/order_id" is "ORD-1001"
    And path "/status" is "created"
    And path "/customer_id" is "12345"
    And backend "commerce" received "1" requests to "POST" "/orders-api/orders"
    And backend "commerce" received a request with path "/items/0/sku" is "ABC-001"
    And backend "commerce" received header "Content-Type" is "application/json"

  # Calling external REST APIs:  curl "http://localhost:11223/api/customers/12345/orders?status=pending"
  Scenario: curl "http://localhost:11223/api/customers/12345/orders?status=pending"
    Given URL path "/api/customers/12345/orders"
    And query string "?status=pending"
    When the URL is invoked
    Then status is "200"
    And path "/status" is "pending"
    And path "/orders/0/order_id" is "ORD-1002"
    And backend "commerce" received "1" requests to "GET" "/orders-api/customers/12345/orders?status=pending"

  # Python API integration tutorial:
  #   curl -XGET -H "X-API-Key:abc" http://localhost:17010/tutorial/api/get-user-details
  Scenario: curl -XGET -H "X-API-Key:abc" http://localhost:17010/tutorial/api/get-user-details
    Given URL path "/tutorial/api/get-user-details"
    And REST method "GET"
    And header "X-API-Key" "abc"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"account_balance": "357.9", "account_no": "123456", "user_type": "RGV"}"

  # Tutorial part 2:
  #   curl -XPOST http://api:<password>@localhost:17010/api/v1/user \
  #     -d '{"user_name": "my.user"}'
  Scenario: curl -XPOST http://api:<password>@localhost:17010/api/v1/user -d '{"user_name": "my.user"}'
    Given URL path "/api/v1/user"
    And REST method "POST"
    And Basic Auth "api" "@api_password"
    And format "RAW"
    And header "Content-Type" "application/x-www-form-urlencoded"
    And request is "{"user_name": "my.user"}"
    And response format "JSON"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"user_name": "my.user", "user_type": "RGV", "account_no": "123456", "account_balance": "357.9"}"
    And backend "crm" received "1" requests to "GET" "/tutorial/api/get-user?UserName=my.user"
