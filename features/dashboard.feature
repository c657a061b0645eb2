Feature: The customer dashboard aggregates four backends in parallel
  /api/customer/{customer_id}/dashboard asks the CRM (profile, tickets,
  recommendations), Payments (orders), Billing (balance) and Fraud detection (risk
  score) all at once, and folds the answers into one document. The
  recommendations and the risk score are optional enrichments: when they fail, the
  dashboard still answers, with null in their place. Every other call is
  required: when one fails, the caller gets a 502 naming the backend.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: A customer's dashboard combines the profile, orders, tickets, balance and both enrichments
    Given URL path "/api/customer/C-1001/dashboard"
    When the URL is invoked
    Then status is "200"
    And path "/customer" is JSON "{"id": "C-1001", "name": "Alice Martin", "email": "alice.martin@example.com", "tier": "gold", "since": "2016-09-14"}"
    And path "/summary" is JSON "{"total_orders": 3, "open_tickets": 1, "account_balance": 123.45, "currency": "EUR"}"
    And path "/recent_orders" is JSON "[{"id": "O-3001", "total": 129.9, "status": "delivered"}, {"id": "O-3002", "total": 42.0, "status": "shipped"}]"
    And path "/recent_tickets/0/id" is "T-501"
    And path "/recent_tickets/1/id" is "T-488"
    And path "/recommendations/0/sku" is "SKU-PREM-SUPPORT"
    And path "/recommendations/1/sku" is "SKU-FX-CARD"
    And path "/risk_score" is a float "0.12"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/profile"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/tickets"
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1001/recommendations"
    And backend "payments" received "1" requests to "GET" "/api/customers/C-1001/orders"
    And backend "billing" received "1" requests to "GET" "/api/customers/C-1001/balance"
    And backend "fraud" received "1" requests to "GET" "/api/risk/C-1001"

  Scenario: The calls run at once, so four slow backends together still fit the 5 s budget
    # 1.3 s each: one after another they would need 5.2 s and the channel's 5 s
    # total timeout would answer 504.
    Given backend "crm" delays "GET" "/api/customers/C-1001/profile" by "1300" ms
    And backend "crm" delays "GET" "/api/customers/C-1001/tickets" by "1300" ms
    And backend "payments" delays "GET" "/api/customers/C-1001/orders" by "1300" ms
    And backend "billing" delays "GET" "/api/customers/C-1001/balance" by "1300" ms
    And URL path "/api/customer/C-1001/dashboard"
    When the URL is invoked
    Then status is "200"
    And path "/customer/name" is "Alice Martin"
    And path "/summary/total_orders" is an integer "3"
    And path "/summary/open_tickets" is an integer "1"
    And path "/summary/account_balance" is a float "123.45"

  Scenario: Failing enrichments degrade to null and the dashboard still answers
    # C-1002's recommendation engine answers 500, its risk engine 503.
    Given URL path "/api/customer/C-1002/dashboard"
    When the URL is invoked
    Then status is "200"
    And path "/customer/name" is "Bruno Costa"
    And path "/customer/tier" is "standard"
    And path "/summary" is JSON "{"total_orders": 1, "open_tickets": 0, "account_balance": 123.45, "currency": "EUR"}"
    And path "/recent_tickets" is an empty list
    And path "/recommendations" is null
    And path "/risk_score" is null
    # Optional enrichments are not retried.
    And backend "crm" received "1" requests to "GET" "/api/customers/C-1002/recommendations"
    And backend "fraud" received "1" requests to "GET" "/api/risk/C-1002"

  Scenario: A required call failing is a 502 naming its backend
    Given backend "billing" responds to "GET" "/api/customers/C-1001/balance" with status "500" and JSON "{"error": "ledger offline"}"
    And URL path "/api/customer/C-1001/dashboard"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "billing"
    And path "/backend_status" is an integer "500"
    And path "/kind" is "http_status"
    And path "/error" is "backend `billing` answered HTTP 500"
    # The backend's own error text stays in the harness's log.
    And path "/backend_body" does not exist
    And response does not contain "ledger offline"
    And header "Content-Type" contains "application/json"

  Scenario: A customer no backend knows is a 502 carrying the backend's 404
    Given URL path "/api/customer/C-9999/dashboard"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is one of "crm,payments,billing"
    And path "/backend_status" is an integer "404"
    And path "/kind" is "http_status"
    And response does not contain "customer not found"
