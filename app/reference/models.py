"""Reference data of the strategic plan (loaded by ``flask forum load-reference``)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.labels import actor_type_name

driver_missions = Table(
    "driver_missions",
    db.metadata,
    Column("driver_id", ForeignKey("drivers.id", ondelete="CASCADE"), primary_key=True),
    Column("mission_id", ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
)


class Driver(db.Model):
    """One of the 10 Drivers (thematic corridors) of the strategic agenda."""

    __tablename__ = "drivers"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Loaded when read: a Driver is joined to every proposal row, and an eager default
    # cost one more query each time (pages read the missions from app.reference.snapshot).
    missions: Mapped[list[Mission]] = relationship(secondary=driver_missions, order_by="Mission.code")

    @property
    def code(self) -> str:
        return f"D{self.number}"

    def __repr__(self) -> str:
        return f"<Driver {self.number} {self.name}>"


class Mission(db.Model):
    """A PNRR mission (M1..M6)."""

    __tablename__ = "missions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    components: Mapped[list[Component]] = relationship(back_populates="mission", order_by="Component.code")


class Component(db.Model):
    """A PNRR mission component (M1C1..M6C2)."""

    __tablename__ = "components"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id"))
    mission: Mapped[Mission] = relationship(back_populates="components")


class VisionKeyword(db.Model):
    """One of the 5 keywords of the development vision."""

    __tablename__ = "vision_keywords"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))


class Zone(db.Model):
    """A territorial area: the comune of Milano or one of the seven Zone omogenee."""

    __tablename__ = "zones"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # Milano is an area of the plan but not a legally defined Zona omogenea.
    is_zona_omogenea: Mapped[bool] = mapped_column(default=True)
    comuni: Mapped[list[Comune]] = relationship(back_populates="zone", order_by="Comune.name")


class Comune(db.Model):
    """One of the 133 comuni of the Città metropolitana di Milano."""

    __tablename__ = "comuni"
    id: Mapped[int] = mapped_column(primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    population: Mapped[int | None] = mapped_column(Integer)
    zone: Mapped[Zone | None] = relationship(back_populates="comuni")


class ActorType(db.Model):
    """Kind of actor, for statistics and filters (cittadino, comune, associazione...)."""

    __tablename__ = "actor_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def display_name(self) -> str:
        """The name in the reader's language (the stored name is the Italian one)."""
        return actor_type_name(self.code, self.name)
