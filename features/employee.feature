Feature: Employees from HR, enriched by access control and training
  The orchestration guide's sequential flow: /api/employee/{employee_id} asks HR
  for the employee, then access control for the card registered to the
  employee's e-mail, and answers with both and whether there is a card. No card
  is not an error. /api/employee/{employee_id}/profile adds optional enrichments:
  training from the LMS and the access history; when one is unavailable the
  profile still answers, with null in its place. HR is required: an employee it
  does not know is a 502 naming it.

  Background:
    Given address "@services.orchestrator.url"

  Scenario: The employee's e-mail from HR is what access control is asked about
    Given URL path "/api/employee/EMP-001"
    When the URL is invoked
    Then status is "200"
    And path "/employee" is JSON "{"employee_id": "EMP-001", "name": "Anna Kowalska", "email": "anna.kowalska@example.com", "department": "Engineering"}"
    And path "/has_access_card" is True
    And path "/access_card/zones" is a list "HQ,Lab"
    And backend "workplace" received "1" requests to "GET" "/access/cards?email=anna.kowalska%40example.com"

  Scenario: An employee without a card is answered with has_access_card false
    Given URL path "/api/employee/EMP-002"
    When the URL is invoked
    Then status is "200"
    And path "/employee/name" is "Tom Baker"
    And path "/has_access_card" is False
    And path "/access_card" is null

  Scenario: An employee HR does not know is a 502 naming HR, and access control is not asked
    Given URL path "/api/employee/EMP-999"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "hr"
    And path "/backend_status" is an integer "404"
    And backend "workplace" received "0" requests to "GET" "/access/cards"

  Scenario: The full profile has the training and the access history
    Given URL path "/api/employee/EMP-001/profile"
    When the URL is invoked
    Then status is "200"
    And path "/employee_id" is "EMP-001"
    And path "/profile/name" is "Anna Kowalska"
    And path "/training/0/course_id" is "SEC-101"
    And path "/access_history/1/door" is "Lab 2"

  Scenario: Unavailable enrichments leave null and the profile still answers
    # The LMS and access control both answer 503 about Tom.
    Given URL path "/api/employee/EMP-002/profile"
    When the URL is invoked
    Then status is "200"
    And path "/profile/name" is "Tom Baker"
    And path "/training" is null
    And path "/access_history" is null
