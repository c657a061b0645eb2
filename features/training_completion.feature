Feature: A completed training notifies HR and Jira, each on its own condition
  The orchestration guide's conditional flow: POST /api/training/completion with a
  course and a user asks the LMS for the course and the completion, then runs two
  independent ifs: if the course notifies HR, HR records the training; if it
  notifies Jira and the completion has an access request ticket, that ticket is
  transitioned (31, "done"). Either, both or neither may run.

  Background:
    Given address "@services.orchestrator.url"
    And URL path "/api/training/completion"
    And REST method "POST"

  Scenario: A course that notifies HR and Jira, with a ticket: both run
    Given request is "{"course_id": "SEC-101", "user_id": "anna"}"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"status": "processed", "recorded_in_hr": true, "jira_ticket_closed": true}"
    And backend "workplace" received "1" requests to "POST" "/hr/training-records"
    And backend "workplace" received a request with path "/employee_id" is "EMP-001"
    And backend "workplace" received a request with path "/course/title" is "Security awareness"
    And backend "workplace" received "1" requests to "POST" "/jira/issues/ACC-42/transitions"

  Scenario: A course that notifies only HR: HR records it, Jira is not called
    Given request is "{"course_id": "ONB-200", "user_id": "anna"}"
    When the URL is invoked
    Then status is "200"
    And path "/recorded_in_hr" is True
    And path "/jira_ticket_closed" is False
    And backend "workplace" received "1" requests to "POST" "/hr/training-records"
    And backend "workplace" received "0" requests to "POST" "/jira/issues/ACC-42/transitions"

  Scenario: A completion without a ticket: HR records it, Jira is not called although notified
    Given request is "{"course_id": "SEC-101", "user_id": "tom"}"
    When the URL is invoked
    Then status is "200"
    And path "/recorded_in_hr" is True
    And path "/jira_ticket_closed" is False
    And backend "workplace" received a request with path "/employee_id" is "EMP-002"

  Scenario: A course that notifies nobody: neither runs
    Given request is "{"course_id": "GEN-300", "user_id": "anna"}"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"status": "processed", "recorded_in_hr": false, "jira_ticket_closed": false}"
    And backend "workplace" received "0" requests to "POST" "/hr/training-records"

  Scenario: A course the LMS does not know is a 502 naming the LMS, and nothing is notified
    Given request is "{"course_id": "NOPE-1", "user_id": "anna"}"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "lms"
    And backend "workplace" received "0" requests to "POST" "/hr/training-records"

  Scenario: A course id that would leave its path segment is refused before any call
    Given request is "{"course_id": "..", "user_id": "anna"}"
    When the URL is invoked
    Then status is "400"
    And path "/code" is "bad_input"
    And path "/field" is "course_id"
    And path "/error" is "input `course_id` cannot be `..`: a backend path segment is made of it"
    And backend "workplace" received "0" requests

  Scenario: Slashes in a course id stay inside its path segment
    Given request is "{"course_id": "SEC-101/../../hr/employees", "user_id": "anna"}"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "lms"
    And backend "workplace" received "1" requests to "GET" "/lms/courses/SEC-101%2F..%2F..%2Fhr%2Femployees"
    And backend "workplace" received "0" requests to "GET" "/hr/employees"
