Feature: Fan-out notifications reach every backend
  POST /api/notify sends the caller's message to all four backends at once (each
  gets the channel's input as its JSON body) and answers 202 with what each backend
  said. Every delivery is required: a backend refusing it is a 502 naming that
  backend.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/notify"
    And REST method "POST"

  Scenario: One message is delivered to the CRM, Billing, Payments and Fraud detection
    Given request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "202"
    And JSON response is equal to "{"status": "sent", "delivered": {"crm": "queued", "billing": "queued", "payments": "queued", "fraud": "queued"}}"
    And backend "crm" received "1" requests to "POST" "/notifications"
    And backend "billing" received "1" requests to "POST" "/notifications"
    And backend "payments" received "1" requests to "POST" "/notifications"
    And backend "fraud" received "1" requests to "POST" "/notifications"
    And backend "crm" received a request with path "/message" is "maintenance at noon"
    And backend "billing" received a request with path "/message" is "maintenance at noon"
    And backend "payments" received a request with path "/message" is "maintenance at noon"
    And backend "fraud" received a request with path "/message" is "maintenance at noon"
    And backend "crm" received header "Content-Type" is "application/json"

  Scenario: Each backend's own answer is reported under its name
    Given backend "billing" responds to "POST" "/notifications" with JSON "{"status": "delivered", "backend": "billing"}"
    And request is "{"message": "invoice run finished"}"
    When the URL is invoked
    Then status is "202"
    And path "/delivered/billing" is "delivered"
    And path "/delivered/crm" is "queued"
    And path "/delivered/payments" is "queued"
    And path "/delivered/fraud" is "queued"

  Scenario: A backend refusing the notification is a 502 naming that backend
    Given backend "payments" responds to "POST" "/notifications" with status "400" and JSON "{"error": "message too long"}"
    And request is "{"message": "maintenance at noon"}"
    When the URL is invoked
    Then status is "502"
    And path "/code" is "backend_error"
    And path "/backend" is "payments"
    And path "/backend_status" is an integer "400"
    And path "/kind" is "http_status"
    And response does not contain "message too long"
    # A 400 is the caller's problem, not a passing fault: it is not retried.
    And backend "payments" received "1" requests to "POST" "/notifications"
