# DeltaBlue-style incremental constraint solver (after Freeman-Benson, Maloney and Borning's
# algorithm): variables linked by constraints of graded strengths; adding or removing a
# constraint re-plans incrementally by walking "walkabout strengths", and an edit constraint's
# plan is then executed repeatedly. Two classic workloads: a long chain of equalities edited at
# one end, and a projection of many variables through scale-and-offset constraints.
# Measures polymorphic method calls, object graphs and list queues.
# Self-check: after every plan execution the constrained values must be exactly what the
# constraints imply (chain end equals the edited value; projections obey dst = src*scale+offset).
import harness

META = {
    "name": "deltablue",
    "description": "incremental constraint solver: polymorphic calls and object graphs",
    "in_geomean": True,
}
# Workload: the number of variables in the chain and the projection (as in the classic 100).
WORKLOADS = {"tiny": 100, "quick": 2000, "full": 20000}

# Strengths: a smaller number is stronger.
REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST = range(7)

NONE, FORWARD, BACKWARD = 0, 1, 2


def stronger(a, b):
    return a < b


def weaker(a, b):
    return a > b


def weakest_of(a, b):
    return a if a > b else b


class Variable(object):
    def __init__(self, value):
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def add_constraint(self, constraint):
        self.constraints.append(constraint)

    def remove_constraint(self, constraint):
        self.constraints.remove(constraint)
        if self.determined_by is constraint:
            self.determined_by = None


class Constraint(object):
    def __init__(self, planner, strength):
        self.planner = planner
        self.strength = strength

    def add(self):
        self.add_to_graph()
        self.planner.incremental_add(self)

    def destroy(self):
        if self.is_satisfied():
            self.planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self):
        return False

    def satisfy(self, mark):
        """Try to enforce this constraint; return the constraint it overrode, if any."""
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength == REQUIRED:
                raise harness.CheckFailed("could not satisfy a required constraint")
            return None
        self.mark_inputs(mark)
        out = self.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not self.planner.add_propagate(self, mark):
            raise harness.CheckFailed("cycle encountered while adding a constraint")
        out.mark = mark
        return overridden


class UnaryConstraint(Constraint):
    def __init__(self, planner, variable, strength):
        Constraint.__init__(self, planner, strength)
        self.variable = variable
        self.satisfied = False
        self.add()

    def add_to_graph(self):
        self.variable.add_constraint(self)
        self.satisfied = False

    def remove_from_graph(self):
        self.variable.remove_constraint(self)
        self.satisfied = False

    def choose_method(self, mark):
        self.satisfied = (self.variable.mark != mark
                          and stronger(self.strength, self.variable.walk_strength))

    def is_satisfied(self):
        return self.satisfied

    def mark_inputs(self, mark):
        pass

    def output(self):
        return self.variable

    def recalculate(self):
        self.variable.walk_strength = self.strength
        self.variable.stay = not self.is_input()
        if self.variable.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.satisfied = False

    def inputs_known(self, mark):
        return True


class StayConstraint(UnaryConstraint):
    """Keeps a variable's value unless something stronger changes it."""

    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    """Marks a variable the user is about to change: an input to plans."""

    def is_input(self):
        return True

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    def __init__(self, planner, v1, v2, strength):
        Constraint.__init__(self, planner, strength)
        self.v1 = v1
        self.v2 = v2
        self.direction = NONE
        self.add()

    def choose_method(self, mark):
        v1, v2 = self.v1, self.v2
        if v1.mark == mark:
            ok = v2.mark != mark and stronger(self.strength, v2.walk_strength)
            self.direction = FORWARD if ok else NONE
        elif v2.mark == mark:
            ok = v1.mark != mark and stronger(self.strength, v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        elif weaker(v1.walk_strength, v2.walk_strength):
            self.direction = BACKWARD if stronger(self.strength, v1.walk_strength) else NONE
        else:
            self.direction = FORWARD if stronger(self.strength, v2.walk_strength) else BACKWARD

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = NONE

    def remove_from_graph(self):
        self.v1.remove_constraint(self)
        self.v2.remove_constraint(self)
        self.direction = NONE

    def is_satisfied(self):
        return self.direction != NONE

    def mark_inputs(self, mark):
        self.input().mark = mark

    def input(self):
        return self.v1 if self.direction == FORWARD else self.v2

    def output(self):
        return self.v2 if self.direction == FORWARD else self.v1

    def recalculate(self):
        source = self.input()
        out = self.output()
        out.walk_strength = weakest_of(self.strength, source.walk_strength)
        out.stay = source.stay
        if out.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.direction = NONE

    def inputs_known(self, mark):
        source = self.input()
        return source.mark == mark or source.stay or source.determined_by is None


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output().value = self.input().value


class ScaleConstraint(BinaryConstraint):
    """v2 = v1 * scale + offset, solvable in either direction."""

    def __init__(self, planner, source, scale, offset, destination, strength):
        self.scale = scale
        self.offset = offset
        BinaryConstraint.__init__(self, planner, source, destination, strength)

    def add_to_graph(self):
        BinaryConstraint.add_to_graph(self)
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self):
        BinaryConstraint.remove_from_graph(self)
        self.scale.remove_constraint(self)
        self.offset.remove_constraint(self)

    def mark_inputs(self, mark):
        BinaryConstraint.mark_inputs(self, mark)
        self.scale.mark = mark
        self.offset.mark = mark

    def execute(self):
        if self.direction == FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) // self.scale.value

    def recalculate(self):
        source = self.input()
        out = self.output()
        out.walk_strength = weakest_of(self.strength, source.walk_strength)
        out.stay = source.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class Planner(object):
    def __init__(self):
        self.current_mark = 0

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def incremental_add(self, constraint):
        mark = self.new_mark()
        overridden = constraint.satisfy(mark)
        while overridden is not None:
            overridden = overridden.satisfy(mark)

    def incremental_remove(self, constraint):
        out = constraint.output()
        constraint.mark_unsatisfied()
        constraint.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        # Re-add what lost its support, strongest first.
        for strength in range(REQUIRED, WEAKEST):
            for candidate in unsatisfied:
                if candidate.strength == strength:
                    self.incremental_add(candidate)

    def add_propagate(self, constraint, mark):
        """Recompute walkabout strengths downstream; False if that would close a cycle."""
        todo = [constraint]
        while todo:
            current = todo.pop(0)
            if current.output().mark == mark:
                self.incremental_remove(constraint)
                return False
            current.recalculate()
            self.add_consumers(current.output(), todo)
        return True

    def remove_propagate_from(self, out):
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied = []
        todo = [out]
        while todo:
            variable = todo.pop(0)
            for constraint in variable.constraints:
                if not constraint.is_satisfied():
                    unsatisfied.append(constraint)
            determining = variable.determined_by
            for constraint in variable.constraints:
                if constraint is not determining and constraint.is_satisfied():
                    constraint.recalculate()
                    todo.append(constraint.output())
        return unsatisfied

    def add_consumers(self, variable, into):
        determining = variable.determined_by
        for constraint in variable.constraints:
            if constraint is not determining and constraint.is_satisfied():
                into.append(constraint)

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = []
        todo = list(sources)
        while todo:
            constraint = todo.pop(0)
            out = constraint.output()
            if out.mark != mark and constraint.inputs_known(mark):
                plan.append(constraint)
                out.mark = mark
                self.add_consumers(out, todo)
        return plan

    def plan_for_inputs(self, constraints):
        return self.make_plan([c for c in constraints if c.is_input() and c.is_satisfied()])


def execute_plan(plan):
    for constraint in plan:
        constraint.execute()


def chain_test(n):
    """Equalities v0 = v1 = ... = vn; editing v0 must carry to vn. Returns the checks made."""
    planner = Planner()
    variables = [Variable(0) for _ in range(n + 1)]
    for i in range(n):
        EqualityConstraint(planner, variables[i], variables[i + 1], REQUIRED)
    StayConstraint(planner, variables[-1], STRONG_DEFAULT)
    edit = EditConstraint(planner, variables[0], PREFERRED)
    plan = planner.plan_for_inputs([edit])
    checks = 0
    for value in range(100):
        variables[0].value = value
        execute_plan(plan)
        harness.expect(variables[-1].value == value, "chain end %r != %r"
                       % (variables[-1].value, value))
        checks += 1
    edit.destroy()
    return checks


def change(planner, variable, value):
    edit = EditConstraint(planner, variable, PREFERRED)
    plan = planner.plan_for_inputs([edit])
    for _ in range(10):
        variable.value = value
        execute_plan(plan)
    edit.destroy()


def projection_test(n):
    """dst_i = src_i * scale + offset for n pairs; edit each side and check. Returns checks."""
    planner = Planner()
    scale = Variable(10)
    offset = Variable(1000)
    source = destination = None
    destinations = []
    for i in range(n):
        source = Variable(i)
        destination = Variable(i)
        destinations.append(destination)
        StayConstraint(planner, source, NORMAL)
        ScaleConstraint(planner, source, scale, offset, destination, REQUIRED)
    change(planner, source, 17)
    harness.expect(destination.value == 1170, "projection 1 gave %r" % destination.value)
    change(planner, destination, 1050)
    harness.expect(source.value == 5, "projection 2 gave %r" % source.value)
    change(planner, scale, 5)
    for i in range(n - 1):
        harness.expect(destinations[i].value == i * 5 + 1000, "projection 3 failed at %d" % i)
    change(planner, offset, 2000)
    for i in range(n - 1):
        harness.expect(destinations[i].value == i * 5 + 2000, "projection 4 failed at %d" % i)
    return 2 + 2 * (n - 1)


def run(n):
    return (chain_test(n), projection_test(n))


def check(n, result):
    harness.expect(result == (100, 2 + 2 * (n - 1)), "wrong number of checks: %r" % (result,))


if __name__ == "__main__":
    harness.main(META, WORKLOADS, run, check)
