Feature: Hybrid flows fetch a list, then fan out over it
  The orchestration guide's fan-out: POST /api/sync/all-systems asks HR for the
  active employees, then, as soon as they are known, syncs the LMS, access control
  and the directory at once, each sent the same list. POST
  /api/sync/directory-users makes one directory call per employee of the list
  (the result is the list of answers, in order); it tolerates up to half of its
  calls failing (`error_threshold = 0.5`), leaving null for a failed user. The
  directory takes at most 5 calls per half second: calls over that wait for their
  turn instead of failing.

  Background:
    Given address "@services.orchestrator.url"
    And REST method "POST"

  Scenario: Three systems are synced with the same list of active employees
    Given URL path "/api/sync/all-systems"
    When the URL is invoked
    Then status is "200"
    And JSON response is equal to "{"employees_processed": 2, "lms_synced": 2, "access_synced": 2, "directory_synced": 2}"
    And backend "workplace" received "1" requests to "GET" "/hr/employees?status=active"
    And backend "workplace" received "1" requests to "POST" "/lms/sync"
    And backend "workplace" received "1" requests to "POST" "/access/sync"
    And backend "workplace" received "1" requests to "POST" "/directory/sync"
    And backend "workplace" received a request with path "/employees/1/employee_id" is "EMP-002"

  Scenario: The syncs run at once: three slow systems still fit the 5 s budget
    # 1.8 s each: one after another they would need 5.4 s, over the 5 s budget.
    Given backend "workplace" delays "POST" "/lms/sync" by "1800" ms
    And backend "workplace" delays "POST" "/access/sync" by "1800" ms
    And backend "workplace" delays "POST" "/directory/sync" by "1800" ms
    And URL path "/api/sync/all-systems"
    When the URL is invoked
    Then status is "200"
    And path "/directory_synced" is an integer "2"

  Scenario: Without the list nothing is synced: HR failing is a 502 naming HR
    Given backend "workplace" responds to "GET" "/hr/employees" with status "500"
    And URL path "/api/sync/all-systems"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "hr"
    And backend "workplace" received "0" requests to "POST" "/lms/sync"
    And backend "workplace" received "0" requests to "POST" "/directory/sync"

  Scenario: One directory call per employee, each with the employee's own data
    Given URL path "/api/sync/directory-users"
    When the URL is invoked
    Then status is "200"
    And path "/employees" is an integer "2"
    And path "/users" is JSON "[{"employee_id": "EMP-001", "status": "synced"}, {"employee_id": "EMP-002", "status": "synced"}]"
    And backend "workplace" received "1" requests to "PUT" "/directory/users/EMP-001"
    And backend "workplace" received "1" requests to "PUT" "/directory/users/EMP-002"
    And backend "workplace" received a request with path "/email" is "tom.baker@example.com"

  Scenario: An empty list makes no directory call
    Given backend "workplace" responds to "GET" "/hr/employees" with JSON "{"employees": []}"
    And URL path "/api/sync/directory-users"
    When the URL is invoked
    Then status is "200"
    And path "/users" is an empty list
    And backend "workplace" received "0" requests to "PUT" "/directory/users/EMP-001"

  Scenario: One user of two failing is within the error threshold: null in its place
    # Three calls (the list and two users), one failed: a third, under a half.
    Given backend "workplace" responds to "PUT" "/directory/users/EMP-002" with status "500"
    And URL path "/api/sync/directory-users"
    When the URL is invoked
    Then status is "200"
    And path "/users/0/status" is "synced"
    And path "/users/1" is null

  Scenario: Both users failing is over the error threshold: a 502 listing the failures
    # Two failed of three: over a half.
    Given backend "workplace" responds to "PUT" "/directory/users/EMP-001" with status "500"
    And backend "workplace" responds to "PUT" "/directory/users/EMP-002" with status "503"
    And URL path "/api/sync/directory-users"
    When the URL is invoked
    Then status is "502"
    And path "/backend" is "directory"
    And path "/failures/1/backend" is "directory"
    And path "/failures/2" does not exist

  Scenario: Calls over the directory's rate limit wait for their turn instead of failing
    # Seven users: five calls at once, then one more every 100 ms.
    Given backend "workplace" responds to "GET" "/hr/employees" with JSON "{"employees": [{"employee_id": "E1"}, {"employee_id": "E2"}, {"employee_id": "E3"}, {"employee_id": "E4"}, {"employee_id": "E5"}, {"employee_id": "E6"}, {"employee_id": "E7"}]}"
    And URL path "/api/sync/directory-users"
    When the URL is invoked
    Then status is "200"
    And path "/employees" is an integer "7"
    And path "/users/6/employee_id" is "E7"
    And backend "workplace" received "1" requests to "PUT" "/directory/users/E7"
    Given URL path "/metrics"
    And REST method "GET"
    And response format "RAW"
    When the URL is invoked
    Then response contains "harness_rate_limit_waits_total{scope="connection:directory"}"
